-- jitsi-tui test stack: a stand-in for Jitsi's AV-moderation component.
--
-- Written for this project, not copied: behaves like jitsi-meet
-- resources/prosody-plugins/mod_av_moderation_component.lua at 150b4db2 (plain-table whitelists,
-- see tui/jitsi/upstream.md), refusals included: where upstream's on_message returns false (no
-- room for the session, sender not a moderator there, a mediaType it does not know, no such
-- occupant, no command it knows) this one does too, and Prosody 0.12 bounces the message as
-- <error type="cancel"><service-unavailable/></error> to the sender (core/stanza_router.lua,
-- handle_unhandled_stanza); the wire facts: tui/jitsi/PROTOCOL.md §5.3, §5.10, §5. Served as a
-- component of its own:
--
--   Component "avmoderation.meet.jitsi" "jitsi_av_moderation"
--       muc_component = "conference.meet.jitsi"
--
-- Commands <message to="avmoderation.D"><av_moderation …/></message> (no namespace) from a
-- moderator of the main room named by the session's ?room= (+ ?prefix=):
--   * enable="true|false" mediaType=audio|video|desktop: switch moderation of that media; on
--     enable the present moderators (not the focus) form the whitelist;
--   * jidToWhitelist=<occupant JID>: approve (with moderation off: only an "approved" notice to
--     that participant);
--   * jidToBlacklist=<occupant JID>: take the approval back.
-- JSON answers (json-message from avmoderation.D, never an ack):
--   everyone:   {"type":"av_moderation","enabled":…,"room":…,"actor":<occupant JID>,"mediaType":…}
--   moderators: {"type":"av_moderation","room":…,"whitelists":{…},"mediaType":…[,"removed":true]}
--   approved:   {"type":"av_moderation","room":…,"approved":true,"mediaType":…[,"from":…]}
-- A joining occupant hears the enabled media; a joining moderator also the whitelists.
-- An emptied whitelist is sent as {} (see below), as Jitsi's cjson-encoding module does.

local st = require "util.stanza";
local json = require "util.json";
-- Whitelists are plain tables, never util.array: Jitsi's module encodes with cjson, which has
-- no empty array, so the list emptied by taking back the last approval goes out as
-- "whitelists":{"audio":{}} (jitsi-meet resources/prosody-plugins/
-- mod_av_moderation_component.lua; util.json does the same for a plain table). Consoles
-- must read {} as an empty list; this stand-in must not be kinder than Jitsi.

local muc_host = module:get_option_string("muc_component");
if not muc_host then
	module:log("error", "muc_component is not set; AV moderation disabled");
	return;
end

local MEDIA = { audio = true; video = true; desktop = true };
local JITMEET = "http://jitsi.org/jitmeet";

local rooms = module:require "jitsi_stack_rooms";

local function main_room_of(session)
	return (rooms.main_room(session, muc_host));
end

local function send_json(to, payload)
	module:send(st.message({ from = module.host; to = to })
		:tag("json-message", { xmlns = JITMEET }):text(json.encode(payload)):up());
end

local function is_focus(occupant)
	return occupant.nick:match("/focus$") ~= nil;
end

local function whitelists_payload(room, media, removed)
	local lists = {};
	for kind, list in pairs(room.stack_av.whitelists) do
		lists[kind] = list;
	end
	return { type = "av_moderation"; room = room.jid; whitelists = lists; mediaType = media;
		removed = removed or nil };
end

local function tell_moderators(room, media, removed)
	local payload = whitelists_payload(room, media, removed);
	for _, occupant in room:each_occupant() do
		if occupant.role == "moderator" then send_json(occupant.jid, payload); end
	end
end

local function index_of(list, value)
	for i, item in ipairs(list) do
		if item == value then return i; end
	end
end

local function state_of(room)
	if not room.stack_av then room.stack_av = { whitelists = {}; actors = {} }; end
	return room.stack_av;
end

local function switch(room, actor, media, enabled)
	local state = state_of(room);
	if (state.whitelists[media] ~= nil) == enabled then
		module:log("warn", "%s moderation in %s is already %s", media, room.jid, tostring(enabled));
		return;
	end
	if enabled then
		local list = {};
		for _, occupant in room:each_occupant() do
			if occupant.role == "moderator" and not is_focus(occupant) then
				list[#list + 1] = occupant.nick;
			end
		end
		state.whitelists[media], state.actors[media] = list, actor.nick;
	else
		state.whitelists[media], state.actors[media] = nil, nil;
	end
	local payload = { type = "av_moderation"; enabled = enabled; room = room.jid;
		actor = actor.nick; mediaType = media };
	for _, occupant in room:each_occupant() do send_json(occupant.jid, payload); end
	if enabled then tell_moderators(room, media); end
end

-- false: refused (no such occupant), which upstream answers with Prosody's bounce.
local function approve(room, actor, media, occupant_jid, allow)
	local target = room:get_occupant_by_nick(occupant_jid);
	if not target then
		module:log("warn", "no occupant %s in %s", tostring(occupant_jid), room.jid);
		return false;
	end
	local list = state_of(room).whitelists[media];
	if not list then
		if allow then -- moderation is off: only a notice that a moderator asks them to unmute
			send_json(target.jid, { type = "av_moderation"; room = room.jid; approved = true;
				mediaType = media; from = actor.nick });
		end
		return true;
	end
	local at = index_of(list, occupant_jid);
	if allow then
		if at then return true; end
		list[#list + 1] = occupant_jid;
	else
		if not at then return true; end
		table.remove(list, at);
	end
	tell_moderators(room, media, not allow);
	if target.role ~= "moderator" then
		send_json(target.jid, { type = "av_moderation"; room = room.jid; mediaType = media;
			approved = allow or nil; removed = (not allow) or nil });
	end
	return true;
end

module:hook("message/host", function(event)
	local origin, stanza = event.origin, event.stanza;
	if stanza.attr.type == "error" then return; end
	local command = stanza:get_child("av_moderation");
	if not command then return; end
	local from = stanza.attr.from;
	local room = main_room_of(origin);
	local actor = room and room:get_occupant_by_real_jid(from);
	if not actor or actor.role ~= "moderator" then
		module:log("warn", "refused av_moderation from %s: not a moderator of the session's room",
			tostring(from));
		return false; -- Prosody bounces it: service-unavailable
	end
	local media = command.attr.mediaType;
	if not MEDIA[media or ""] then
		module:log("warn", "refused av_moderation from %s: mediaType %s", from, tostring(media));
		return false;
	end
	if command.attr.enable ~= nil then
		switch(room, actor, media, command.attr.enable == "true");
		return true; -- already on (off): upstream logs it and answers nothing
	elseif command.attr.jidToWhitelist then
		return approve(room, actor, media, command.attr.jidToWhitelist, true);
	elseif command.attr.jidToBlacklist then
		return approve(room, actor, media, command.attr.jidToBlacklist, false);
	end
	module:log("warn", "refused av_moderation from %s: no command", tostring(from));
	return false;
end);

local function hook_muc()
	module:context(muc_host):hook("muc-occupant-joined", function(event)
		local room, occupant = event.room, event.occupant;
		local state = room.stack_av;
		if not state then return; end
		for media, actor in pairs(state.actors) do
			send_json(occupant.jid, { type = "av_moderation"; enabled = true; room = room.jid;
				actor = actor; mediaType = media });
		end
		local now = room:get_occupant_by_nick(occupant.nick);
		if now and now.role == "moderator" then
			for media in pairs(state.whitelists) do
				send_json(occupant.jid, whitelists_payload(room, media));
			end
		end
	end, -2);
	module:log("info", "AV moderation for %s on %s", muc_host, module.host);
end

if prosody.hosts[muc_host] then
	hook_muc();
else
	module:hook_global("host-activated", function(host)
		if host == muc_host then hook_muc(); end
	end);
end
