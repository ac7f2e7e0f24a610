-- jitsi-tui test stack: a stand-in for Jitsi's breakout-rooms component.
--
-- Written for this project, not copied: behaves like jitsi-meet
-- resources/prosody-plugins/mod_muc_breakout_rooms.lua at 006cb1ef (refusals as at 39f958b2):
-- a command from a session without ?room=, from someone who is not a moderator of the main
-- room or one of its breakout rooms, or of a type it does not know makes on_message return
-- false, and Prosody 0.12 bounces it as <error type="cancel"><service-unavailable/></error>
-- to the sender (core/stanza_router.lua, handle_unhandled_stanza); a known command with a
-- target that does not exist is accepted without an answer, as upstream's is. The wire facts:
-- tui/jitsi/PROTOCOL.md §4, §5.10, §5. Load it on the breakout MUC component:
--
--   Component "breakout.meet.jitsi" "muc"
--       modules_enabled = { "jitsi_breakout_rooms" }
--       breakout_rooms_main_muc = "conference.meet.jitsi"
--
-- What it does:
--   * disco#info node "breakout_rooms" on the component → feature ...#rename;
--   * commands <message to="breakout.D"><breakout_rooms type=…/></message> (no namespace):
--     add, remove, rename, move-to-room. The main room comes only from the sender session's
--     WebSocket ?room= (+ ?prefix=), stored by mod_jitsi_web_query; the sender must be a
--     moderator occupant of the main room or of one of its breakout rooms. Anything else is
--     logged ("refused breakout command …") and bounced by Prosody (see above); success has
--     no ack;
--   * the "update" JSON (PROTOCOL.md §4.3) to every non-focus occupant of the main room and its
--     breakout rooms, at most one per 300 ms, after add/remove/rename and every join/leave once
--     the first room was added;
--   * only registered breakout rooms may be created; they mirror the main room's
--     affiliations and carry muc#roominfo_isbreakout / _breakout_main_room in disco#info;
--   * destroying the main room destroys its breakout rooms; when nobody (but focus) is left in
--     any of them for 5 s, the whole set is closed.

local st = require "util.stanza";
local json = require "util.json";
local uuid = require "util.uuid";
local jid_lib = require "util.jid";

local jid_bare, jid_node, jid_resource, jid_split = jid_lib.bare, jid_lib.node, jid_lib.resource,
	jid_lib.split;

local breakout_host = module.host;
local main_host = module:get_option_string("breakout_rooms_main_muc");
if not main_host then
	module:log("error", "breakout_rooms_main_muc is not set; breakout rooms disabled");
	return;
end

local JITMEET = "http://jitsi.org/jitmeet";
local DISCO_INFO = "http://jabber.org/protocol/disco#info";
local RENAME_FEATURE = "http://jitsi.org/protocol/breakout_rooms#rename";
local EVENT_PREFIX = "features/breakout-rooms/";
local BROADCAST_INTERVAL = 0.3;
local EMPTY_CLOSE_DELAY = 5;

-- Per main room JID: { rooms = { [breakout_jid] = name }, counter = n, timer = t|nil,
-- close_timer = t|nil }. Kept here (not in room._data) so it survives nothing but this process.
local mains = {};
-- breakout room JID → main room JID
local main_of = {};

local function muc_api(host)
	local h = prosody.hosts[host];
	return h and h.modules.muc;
end

local function get_room(jid)
	if not jid then return nil; end
	local host = select(2, jid_split(jid));
	local api = muc_api(host);
	return api and api.get_room_from_jid(jid_bare(jid));
end

local function is_focus(occupant)
	return jid_resource(occupant.nick) == "focus";
end

local function display_name(occupant)
	local presence = occupant:get_presence();
	return presence and presence:get_child_text("nick", "http://jabber.org/protocol/nick");
end

local function participants_of(room)
	local result = {};
	if not room then return result; end
	for _, occupant in room:each_occupant() do
		if not is_focus(occupant) then
			result[occupant.nick] = {
				jid = occupant.jid;
				role = occupant.role;
				displayName = display_name(occupant);
			};
		end
	end
	return result;
end

local function update_json(main_jid)
	local state = mains[main_jid];
	local main_room = get_room(main_jid);
	local rooms = {};
	local main_node = jid_node(main_jid);
	local _, main_subject = nil, nil;
	if main_room then _, main_subject = main_room:get_subject(); end
	rooms[main_node] = {
		isMainRoom = true;
		id = main_node;
		jid = main_jid;
		name = main_subject;
		participants = participants_of(main_room);
	};
	for breakout_jid, name in pairs(state.rooms) do
		local node = jid_node(breakout_jid);
		rooms[node] = {
			id = node;
			jid = breakout_jid;
			name = name or nil;
			participants = participants_of(get_room(breakout_jid));
		};
	end
	return json.encode({
		type = "breakout_rooms";
		event = EVENT_PREFIX .. "update";
		roomCounter = state.counter;
		rooms = rooms;
	});
end

local function send_json(to, text)
	module:send(st.message({ from = breakout_host; to = to })
		:tag("json-message", { xmlns = JITMEET }):text(text):up());
end

local function each_family_room(main_jid)
	local list = {};
	local main_room = get_room(main_jid);
	if main_room then list[#list + 1] = main_room; end
	for breakout_jid in pairs(mains[main_jid].rooms) do
		local room = get_room(breakout_jid);
		if room then list[#list + 1] = room; end
	end
	return ipairs(list);
end

local function broadcast_now(main_jid)
	local state = mains[main_jid];
	if not state then return; end
	state.timer = nil;
	local text = update_json(main_jid);
	local sent = 0;
	for _, room in each_family_room(main_jid) do
		for _, occupant in room:each_occupant() do
			if not is_focus(occupant) then
				for real_jid in occupant:each_session() do
					send_json(real_jid, text);
					sent = sent + 1;
				end
			end
		end
	end
	module:log("debug", "breakout update for %s sent to %d sessions", main_jid, sent);
end

-- Coalesce: the first trigger schedules one broadcast 300 ms later; triggers until then ride
-- along with it.
local function schedule_update(main_jid)
	local state = mains[main_jid];
	if not state or state.timer then return; end
	state.timer = module:add_timer(BROADCAST_INTERVAL, function()
		broadcast_now(main_jid);
	end);
end

local function family_is_empty(main_jid)
	for _, room in each_family_room(main_jid) do
		for _, occupant in room:each_occupant() do
			if not is_focus(occupant) then return false; end
		end
	end
	return true;
end

local function destroy_breakout_rooms(main_jid, reason)
	local state = mains[main_jid];
	if not state then return; end
	for breakout_jid in pairs(state.rooms) do
		local room = get_room(breakout_jid);
		if room then room:destroy(main_jid, reason); end
		main_of[breakout_jid] = nil;
	end
	if state.timer then state.timer:stop(); end
	if state.close_timer then state.close_timer:stop(); end
	mains[main_jid] = nil;
end

local function close_if_empty(main_jid)
	local state = mains[main_jid];
	if not state or state.close_timer or not family_is_empty(main_jid) then return; end
	state.close_timer = module:add_timer(EMPTY_CLOSE_DELAY, function()
		state.close_timer = nil;
		if mains[main_jid] ~= state or not family_is_empty(main_jid) then return; end
		module:log("info", "closing %s and its breakout rooms: nobody left", main_jid);
		destroy_breakout_rooms(main_jid, "Conference ended.");
		local main_room = get_room(main_jid);
		if main_room then
			main_room:set_persistent(false);
			if not main_room:has_occupant() then main_room:destroy(); end
		end
	end);
end

-- Something changed in a room of the family whose main room is main_jid.
local function family_changed(main_jid)
	if not mains[main_jid] then return; end
	schedule_update(main_jid);
	close_if_empty(main_jid);
end

-- The main room's JID for a session, from its WebSocket ?room= and ?prefix=.
local rooms = module:require "jitsi_stack_rooms";

local function main_room_jid_of(session)
	return (rooms.main_room_jid(session, main_host));
end

local function is_moderator_in_family(main_jid, real_jid)
	local rooms = { get_room(main_jid) };
	local state = mains[main_jid];
	if state then
		for breakout_jid in pairs(state.rooms) do rooms[#rooms + 1] = get_room(breakout_jid); end
	end
	for _, room in pairs(rooms) do
		local occupant = room and room:get_occupant_by_real_jid(real_jid);
		if occupant and occupant.role == "moderator" then return true; end
	end
	return false;
end

local function state_for(main_jid)
	local state = mains[main_jid];
	if not state then
		state = { rooms = {}; counter = 0 };
		mains[main_jid] = state;
	end
	return state;
end

local commands = {};

function commands.add(main_jid, command)
	local state = state_for(main_jid);
	local breakout_jid = uuid.generate() .. "@" .. breakout_host;
	local subject = command.attr.subject;
	if subject == "" then subject = nil; end
	state.rooms[breakout_jid] = subject or false;
	state.counter = state.counter + 1;
	main_of[breakout_jid] = main_jid;
	local main_room = get_room(main_jid);
	if main_room then main_room:set_persistent(true); end
	module:log("info", "breakout room %s (%s) added to %s", breakout_jid, tostring(subject), main_jid);
	return true;
end

function commands.remove(main_jid, command)
	local state = mains[main_jid];
	local breakout_jid = command.attr.breakoutRoomJid;
	if not state or not breakout_jid or state.rooms[breakout_jid] == nil then
		return false, "unknown breakout room " .. tostring(breakout_jid);
	end
	local room = get_room(breakout_jid);
	if room then room:destroy(main_jid, "Breakout room removed."); end
	state.rooms[breakout_jid] = nil;
	main_of[breakout_jid] = nil;
	module:log("info", "breakout room %s removed from %s", breakout_jid, main_jid);
	return true;
end

function commands.rename(main_jid, command)
	local state = mains[main_jid];
	local breakout_jid, subject = command.attr.breakoutRoomJid, command.attr.subject;
	if not state or not breakout_jid or state.rooms[breakout_jid] == nil or not subject then
		return false, "unknown breakout room or no subject";
	end
	state.rooms[breakout_jid] = subject;
	local room = get_room(breakout_jid);
	if room then room:set_subject(room.jid, subject); end
	return true;
end

commands["move-to-room"] = function(main_jid, command)
	local participant, target = command.attr.participantJid, command.attr.roomJid;
	local state = mains[main_jid];
	if not participant or not target then return false, "participantJid and roomJid needed"; end
	if target ~= main_jid and not (state and state.rooms[target] ~= nil) then
		return false, "target " .. target .. " is neither the main room nor a breakout room";
	end
	send_json(participant, json.encode({
		type = "breakout_rooms";
		event = EVENT_PREFIX .. "move-to-room";
		roomJid = target;
	}));
	return "no-update";
end

module:hook("message/host", function(event)
	local origin, stanza = event.origin, event.stanza;
	if stanza.attr.type == "error" then return; end -- never answer an error (no loops)
	local command = stanza:get_child("breakout_rooms");
	if not command then return false; end -- upstream: not its command, Prosody bounces it
	local kind = (command.attr.type or ""):match("^features/breakout%-rooms/(.+)$");
	local from = stanza.attr.from;
	local main_jid = main_room_jid_of(origin);
	if not main_jid then
		module:log("warn", "refused breakout command %s from %s: the session has no ?room=",
			tostring(command.attr.type), tostring(from));
		return false; -- Prosody bounces it: service-unavailable
	end
	if not is_moderator_in_family(main_jid, from) then
		module:log("warn", "refused breakout command %s from %s: not a moderator in %s",
			tostring(command.attr.type), tostring(from), main_jid);
		return false;
	end
	local handler = kind and commands[kind];
	if not handler then
		module:log("warn", "refused breakout command %s from %s: unknown type",
			tostring(command.attr.type), tostring(from));
		return false;
	end
	local ok, why = handler(main_jid, command);
	if not ok then
		module:log("warn", "ignored breakout command %s from %s: %s", kind, tostring(from), why);
	elseif ok ~= "no-update" then
		schedule_update(main_jid);
	end
	return true;
end, 10);

module:hook("iq-get/host/" .. DISCO_INFO .. ":query", function(event)
	local stanza = event.stanza;
	if stanza.tags[1].attr.node ~= "breakout_rooms" then return; end
	event.origin.send(st.reply(stanza)
		:tag("query", { xmlns = DISCO_INFO; node = "breakout_rooms" })
		:tag("feature", { var = RENAME_FEATURE }):up());
	return true;
end, 10);

-- Breakout rooms exist only once registered by an add (PROTOCOL.md §4.2; upstream's on_breakout_room_pre_create).
module:hook("muc-room-pre-create", function(event)
	local room_jid = event.room.jid;
	if main_of[room_jid] then return; end
	module:log("warn", "refused to create unregistered breakout room %s", room_jid);
	event.origin.send(st.error_reply(event.stanza, "cancel", "not-allowed",
		"Breakout room not registered", breakout_host));
	return true;
end, 10);

module:hook("muc-room-created", function(event)
	local room = event.room;
	local main_jid = main_of[room.jid];
	if not main_jid then return; end
	local name = mains[main_jid] and mains[main_jid].rooms[room.jid];
	if name then room:set_subject(room.jid, name); end
	-- Mirror the main room's affiliations: an owner there is an owner here.
	local own_get_affiliation = room.get_affiliation;
	room.get_affiliation = function(self, jid)
		local main_room = get_room(main_of[self.jid]);
		if main_room then return main_room:get_affiliation(jid); end
		return own_get_affiliation(self, jid);
	end;
end);

module:hook("muc-disco#info", function(event)
	local main_jid = main_of[event.room.jid];
	if not main_jid then return; end
	table.insert(event.form, { name = "muc#roominfo_isbreakout"; label = "Is this a breakout room?";
		type = "boolean" });
	event.formdata["muc#roominfo_isbreakout"] = true;
	table.insert(event.form, { name = "muc#roominfo_breakout_main_room"; label = "The main room" });
	event.formdata["muc#roominfo_breakout_main_room"] = main_jid;
end);

local function on_breakout_occupancy(event)
	local main_jid = main_of[event.room.jid];
	if main_jid then family_changed(main_jid); end
end
module:hook("muc-occupant-joined", on_breakout_occupancy);
module:hook("muc-occupant-left", on_breakout_occupancy);

-- The main MUC's events, hooked once that host exists (hosts activate in any order).
local function hook_main_muc()
	local main = module:context(main_host);
	local function on_main_occupancy(event)
		family_changed(event.room.jid);
	end
	main:hook("muc-occupant-joined", on_main_occupancy);
	main:hook("muc-occupant-left", on_main_occupancy);
	main:hook("muc-room-destroyed", function(event)
		local main_jid = event.room.jid;
		if mains[main_jid] then
			module:log("info", "main room %s destroyed: destroying its breakout rooms", main_jid);
			destroy_breakout_rooms(main_jid, "The main room was destroyed.");
		end
	end);
	module:log("info", "breakout rooms of %s served by %s", main_host, breakout_host);
end

if prosody.hosts[main_host] then
	hook_main_muc();
else
	module:hook_global("host-activated", function(host)
		if host == main_host then hook_main_muc(); end
	end);
end
