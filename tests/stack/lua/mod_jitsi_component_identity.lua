-- jitsi-tui test stack: advertise Jitsi components on the participants' VirtualHost.
--
-- lib-jitsi-meet (and the console) find components by disco#info on the XMPP domain, where
-- each one is an identity <identity category="component" type=T name=ADDRESS/>
-- (tui/jitsi/PROTOCOL.md §1.9). Prosody's mod_disco only lists items of modules loaded on
-- that host, so this small module is loaded on the VirtualHost with
--
--   jitsi_components = { breakout_rooms = "breakout.meet.jitsi" }
--
-- Written for this project (not copied from Jitsi).

local components = module:get_option("jitsi_components", {});

for kind, address in pairs(components) do
	module:add_identity("component", kind, address);
	module:log("info", "advertising component %s at %s", kind, address);
end
