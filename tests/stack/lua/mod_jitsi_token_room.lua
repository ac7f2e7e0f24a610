-- jitsi-tui test stack: the room check of Jitsi's token authentication, on MUC join.
--
-- Written for this project (a stand-in for mod_token_verification; verify_room in jitsi-meet
-- resources/prosody-plugins/token/util.lib.lua at e103757f, tui/jitsi/PROTOCOL.md §1.7): a token user
-- (a session on token_host that logged in with a token) may create or join only the room its
-- token names: the claim "room", lower-cased, must equal the room's node, or be "*". Server
-- admins (the focus) and other hosts are exempt. A mismatch is refused as Jitsi does:
--
--   <presence type="error"><error type="cancel"><not-allowed/>
--     <text>Room and token mismatched</text></error></presence>

local st = require "util.stanza";
local jid_split = require "util.jid".split;
local is_admin = require "core.usermanager".is_admin;

local token_host = module:get_option_string("token_host");

local function check(event)
	local origin, stanza, room = event.origin, event.stanza, event.room;
	if not origin or origin.host ~= token_host or origin.type ~= "c2s" then return; end
	if is_admin(stanza.attr.from, module.host) then return; end
	local node = jid_split(room.jid);
	local claim = origin.jitsi_meet_room;
	if claim == "*" or (type(claim) == "string" and claim:lower() == node) then return; end
	module:log("info", "token for room %s refused in %s", tostring(claim), room.jid);
	origin.send(st.error_reply(stanza, "cancel", "not-allowed", "Room and token mismatched"));
	return true;
end

module:hook("muc-room-pre-create", check, 99);
module:hook("muc-occupant-pre-join", check, 99);
