-- jitsi-tui test stack: a stand-in for Jitsi's lobby (mod_muc_lobby_rooms).
--
-- Written for this project, not copied: behaves like jitsi-meet
-- resources/prosody-plugins/mod_muc_lobby_rooms.lua at d8c1c0ac and 016607f0; the wire facts:
-- tui/jitsi/PROTOCOL.md §5.6 and tui/jitsi/upstream.md. Load it
-- on the main MUC component, next to a plain MUC component for the lobby rooms:
--
--   Component "conference.meet.jitsi" "muc"
--       modules_enabled = { "jitsi_lobby_rooms" }
--       lobby_muc = "lobby.meet.jitsi"
--   Component "lobby.meet.jitsi" "muc"
--
-- What it does:
--   * a config submit that turns muc#roomconfig_membersonly on (by anyone but the focus)
--     creates ROOM@lobby.D, and the main room's disco#info form then carries
--     muc#roominfo_lobbyroom; a submit without it (or false) destroys the lobby with the main
--     room as the alternate venue;
--   * a non-member joining the members-only main room gets registration-required (code 407)
--     with <lobbyroom xmlns="http://jitsi.org/jitmeet">ROOM@lobby.D</lobbyroom>; the right
--     room password lets them in (and makes them a member);
--   * the lobby room's affiliations are the main room's, so moderators (owners) of the main
--     room are owners in the lobby; knockers' presences reach only owners, owners' presences
--     reach nobody else (knockers never see each other);
--   * a mediated invite to the main room admits (stock Prosody makes the invitee a member);
--     a kick from the lobby room denies;
--   * lobby-notify JSON (LOBBY-ENABLED, LOBBY-ACCESS-GRANTED, LOBBY-ACCESS-DENIED) is
--     broadcast in the main room as groupchat from the actor's occupant JID;
--   * destroying the main room destroys its lobby;
--   * what a client hears from the lobby domain is only presences, disco#info answers and
--     messages: every other stanza -- the result (or error) of a kick in the lobby room among
--     them -- is dropped on its way out, as Jitsi's filter_stanza does (jitsi-meet
--     resources/prosody-plugins/mod_muc_lobby_rooms.lua, at d8c1c0ac and 016607f0). A deny
--     is therefore never answered; the knocker's unavailable presence is the only sign.

local st = require "util.stanza";
local filters = require "util.filters";
local json = require "util.json";
local jid_lib = require "util.jid";

local jid_bare, jid_split = jid_lib.bare, jid_lib.split;

local main_host = module.host;
local lobby_host = module:get_option_string("lobby_muc");
if not lobby_host then
	module:log("error", "lobby_muc is not set; the lobby is disabled");
	return;
end

local JITMEET = "http://jitsi.org/jitmeet";
local DISCO_INFO = "http://jabber.org/protocol/disco#info";
local MUC_NS = "http://jabber.org/protocol/muc";
local NICK_NS = "http://jabber.org/protocol/nick";

local function lobby_service()
	local host = prosody.hosts[lobby_host];
	return host and host.modules.muc;
end

local function main_service()
	local host = prosody.hosts[main_host];
	return host and host.modules.muc;
end

local function display_name(occupant)
	local presence = occupant and occupant:get_presence();
	return presence and presence:get_child_text("nick", NICK_NS);
end

-- Everyone in the main room hears it, from the actor's occupant JID (the actor must sit there).
local function notify(room, actor, payload)
	local occupant = actor and room:get_occupant_by_real_jid(actor);
	if not occupant then return; end
	payload.type = "lobby-notify";
	room:broadcast_message(st.message({ type = "groupchat"; from = occupant.nick })
		:tag("json-message", { xmlns = JITMEET }):text(json.encode(payload)):up());
end

local function is_owner(lobby_room, real_jid)
	return real_jid and lobby_room:get_affiliation(real_jid) == "owner";
end

-- Who may see what in a lobby room: own presences and departures always; a knocker's presence
-- only by owners; an owner's presence by nobody else.
local function lobby_route_filter(lobby_room, recipient, stanza)
	if stanza.name ~= "presence" or stanza.attr.from == recipient.nick then return true; end
	if stanza.attr.type == "unavailable" then return true; end
	local sender = lobby_room:get_occupant_by_nick(stanza.attr.from);
	if not sender then return false; end
	return is_owner(lobby_room, recipient.bare_jid) and not is_owner(lobby_room, sender.bare_jid);
end

local function attach_lobby(room)
	local service = lobby_service();
	if not service then
		module:log("error", "lobby MUC %s is not loaded", lobby_host);
		return false;
	end
	local lobby_jid = jid_split(room.jid) .. "@" .. lobby_host;
	if service.get_room_from_jid(lobby_jid) then return false; end
	local lobby_room = service.create_room(lobby_jid);
	lobby_room:set_persistent(true); -- it lives as long as the lobby is on, occupied or not
	lobby_room.main_room_jid = room.jid;
	lobby_room.get_affiliation = function(_, jid)
		local main_room = main_service().get_room_from_jid(lobby_room.main_room_jid);
		return main_room and main_room:get_affiliation(jid) or "none";
	end;
	local route = lobby_room.route_to_occupant;
	lobby_room.route_to_occupant = function(self, occupant, stanza)
		if lobby_route_filter(self, occupant, stanza) then
			return route(self, occupant, stanza);
		end
	end;
	-- A joiner's list of who is there follows the same rule.
	local send_list = lobby_room.send_occupant_list;
	lobby_room.send_occupant_list = function(self, to, filter)
		return send_list(self, to, function(occupant_jid, occupant)
			if filter and not filter(occupant_jid, occupant) then return false; end
			if not occupant or occupant.bare_jid == jid_bare(to) then return true; end
			return is_owner(self, to) and not is_owner(self, occupant.bare_jid);
		end);
	end;
	room._data.lobbyroom = lobby_jid;
	module:log("info", "lobby %s created for %s", lobby_jid, room.jid);
	return true;
end

local function destroy_lobby(room, newjid, reason)
	local lobby_jid = room._data.lobbyroom;
	if not lobby_jid then return false; end
	room._data.lobbyroom = nil;
	local service = lobby_service();
	local lobby_room = service and service.get_room_from_jid(lobby_jid);
	if lobby_room then
		lobby_room:set_persistent(false);
		lobby_room:destroy(newjid, reason or "Lobby room closed.");
		module:log("info", "lobby %s destroyed", lobby_jid);
	end
	return true;
end

module:hook("muc-config-submitted", function(event)
	local room, actor = event.room, event.actor;
	if jid_split(actor) == "focus" then return; end -- the focus's config changes are ignored
	if event.fields["muc#roomconfig_membersonly"] then
		if attach_lobby(room) then
			event.status_codes["104"] = true;
			notify(room, actor, { event = "LOBBY-ENABLED"; value = true });
		end
	elseif destroy_lobby(room, room.jid) then
		notify(room, actor, { event = "LOBBY-ENABLED"; value = false });
	end
end);

module:hook("muc-room-destroyed", function(event)
	destroy_lobby(event.room, nil, "The main room was destroyed.");
end, 1);

module:hook("muc-disco#info", function(event)
	local room = event.room;
	if not (room._data.lobbyroom and room:get_members_only()) then return; end
	table.insert(event.form, { name = "muc#roominfo_lobbyroom"; label = "Lobby room jid" });
	event.formdata["muc#roominfo_lobbyroom"] = room._data.lobbyroom;
end);

-- Before Prosody's own members-only check (priority -5): a non-member gets the lobby's address.
module:hook("muc-occupant-pre-join", function(event)
	local room, stanza, occupant = event.room, event.stanza, event.occupant;
	if not (room:get_members_only() and room._data.lobbyroom) then return; end
	if occupant.nick:match("/focus$") then return; end
	local join = stanza:get_child("x", MUC_NS);
	if not join then return; end
	local from = stanza.attr.from;
	local password = join:get_child_text("password", MUC_NS);
	local affiliation = room:get_affiliation(from) or "none";
	if password and room:get_password() and password == room:get_password() then
		if affiliation == "none" then
			room:set_affiliation(true, jid_bare(from), "member");
			occupant.role = "participant";
			room:save_occupant(occupant);
		end
		return; -- the right password bypasses the lobby
	end
	if affiliation ~= "none" then return; end
	local reply = st.error_reply(stanza, "auth", "registration-required");
	reply.tags[1].attr.code = "407";
	reply:tag("lobbyroom", { xmlns = JITMEET }):text(room._data.lobbyroom):up():up();
	event.origin.send(reply:tag("x", { xmlns = MUC_NS }));
	return true;
end, -4);

-- An admitted knocker: tell the main room (Prosody itself makes the invitee a member).
module:hook("muc-invite", function(event)
	local room, stanza = event.room, event.stanza;
	local service = lobby_service();
	local lobby_room = room._data.lobbyroom and service and
		service.get_room_from_jid(room._data.lobbyroom);
	if not lobby_room then return; end
	local knocker = lobby_room:get_occupant_by_real_jid(stanza.attr.to);
	if not knocker then return; end
	local invite = stanza:get_child("x", "http://jabber.org/protocol/muc#user"):get_child("invite");
	notify(room, invite.attr.from, {
		event = "LOBBY-ACCESS-GRANTED"; value = knocker.nick; name = display_name(knocker);
	});
end);

-- A kick (307) in a lobby room is a denial.
local function hook_lobby_muc()
	module:context(lobby_host):hook("muc-broadcast-presence", function(event)
		local x, room = event.x, event.room;
		if not room.main_room_jid or not x then return; end
		local kicked = false;
		for status in x:childtags("status") do
			if status.attr.code == "307" then kicked = true; end
		end
		if not kicked then return; end
		local main_room = main_service().get_room_from_jid(room.main_room_jid);
		if main_room then
			notify(main_room, event.actor, {
				event = "LOBBY-ACCESS-DENIED"; value = event.occupant.nick;
				name = display_name(event.occupant);
			});
		end
	end);
	module:log("info", "lobby rooms of %s served by %s", main_host, lobby_host);
end

if prosody.hosts[lobby_host] then
	hook_lobby_muc();
else
	module:hook_global("host-activated", function(host)
		if host == lobby_host then hook_lobby_muc(); end
	end);
end

-- Jitsi's outgoing filter on client sessions (see the header): from the lobby domain only
-- presences, disco#info and messages pass.
local function from_lobby(stanza)
	local from = stanza.attr and stanza.attr.from;
	if not from or select(2, jid_split(from)) ~= lobby_host then return stanza; end
	if stanza.name == "presence" or stanza.name == "message" then return stanza; end
	if stanza.name == "iq" and stanza:get_child("query", DISCO_INFO) then return stanza; end
	return nil;
end

local function filter_session(session)
	if session.type == "c2s" or session.type == "c2s_unauthed" then
		filters.add_filter(session, "stanzas/out", from_lobby, -1);
	end
end

filters.add_filter_hook(filter_session);

function module.unload()
	filters.remove_filter_hook(filter_session);
end
