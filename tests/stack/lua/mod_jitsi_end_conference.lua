-- jitsi-tui test stack: a stand-in for Jitsi's end-conference component.
--
-- Written for this project, not copied: behaves like jitsi-meet
-- resources/prosody-plugins/mod_end_conference.lua at 0133d417 (refusals as at e57c7f92):
-- where upstream's on_message returns false (no room for the session, sender not a moderator
-- there, not an end_conference) this one does too, and Prosody 0.12 bounces the message as
-- <error type="cancel"><service-unavailable/></error> to the sender (core/stanza_router.lua,
-- handle_unhandled_stanza); the wire facts: tui/jitsi/PROTOCOL.md §5.7, §5.10, §5. Served as a
-- component of its own:
--
--   Component "endconference.meet.jitsi" "jitsi_end_conference"
--       muc_component = "conference.meet.jitsi"
--
-- <message to="endconference.D"><end_conference/></message> (no namespace) from a moderator of
-- the main room named by the sender session's WebSocket ?room= (+ ?prefix=) destroys that room
-- with the reason "The meeting has been terminated" (which takes its breakout rooms and lobby
-- with it). Anything else is refused with that bounce; success has no answer of its own.

local muc_host = module:get_option_string("muc_component");
if not muc_host then
	module:log("error", "muc_component is not set; end conference disabled");
	return;
end

local rooms = module:require "jitsi_stack_rooms";

local function main_room_of(session)
	return rooms.main_room(session, muc_host);
end

module:hook("message/host", function(event)
	local origin, stanza = event.origin, event.stanza;
	if stanza.attr.type == "error" then return; end -- never answer an error (no loops)
	if not stanza:get_child("end_conference") then return false; end
	local from = stanza.attr.from;
	local room, node = main_room_of(origin);
	if not room then
		module:log("warn", "refused end_conference from %s: no room for ?room=%s", tostring(from),
			tostring(node));
		return false; -- Prosody bounces it: service-unavailable
	end
	local occupant = room:get_occupant_by_real_jid(from);
	if not occupant or occupant.role ~= "moderator" then
		module:log("warn", "refused end_conference from %s: not a moderator of %s", tostring(from),
			room.jid);
		return false;
	end
	module:log("info", "%s ends %s", occupant.nick, room.jid);
	room:set_persistent(false);
	room:destroy(nil, "The meeting has been terminated");
	return true;
end);

module:log("info", "end conference for %s on %s", muc_host, module.host);
