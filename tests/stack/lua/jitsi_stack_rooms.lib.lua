-- jitsi-tui test stack: what the stand-in components share (module:require "jitsi_stack_rooms").
--
-- The main room a command is about comes only from the sender's session: the WebSocket
-- ?room= (+ ?prefix=) that mod_jitsi_web_query stored, as Jitsi's util.lib.lua
-- get_room_by_name_and_subdomain reads it (tui/jitsi/PROTOCOL.md §1.3).

local rooms = {};

-- The main room's JID for session on the MUC muc_host, or nil without ?room=; and its node.
function rooms.main_room_jid(session, muc_host)
	local room = session and session.jitsi_web_query_room;
	if not room or room == "" then return nil; end
	local node = room:lower();
	local prefix = session.jitsi_web_query_prefix;
	if prefix and prefix ~= "" then node = "[" .. prefix:lower() .. "]" .. node; end
	return node .. "@" .. muc_host, node;
end

-- The main room itself (nil when it does not exist), and its node.
function rooms.main_room(session, muc_host)
	local jid, node = rooms.main_room_jid(session, muc_host);
	local host = prosody.hosts[muc_host];
	local muc = host and host.modules.muc;
	return jid and muc and muc.get_room_from_jid(jid), node;
end

return rooms;
