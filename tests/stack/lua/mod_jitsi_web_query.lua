-- jitsi-tui test stack: remember the WebSocket/BOSH URL's ?room= and ?prefix= on the session.
--
-- A stand-in for the part of Jitsi's mod_jitsi_session that the components rely on (written
-- for this project, not copied). Prosody 0.12 fires "websocket-session" and "bosh-session" on
-- the *global* event bus (mod_websocket/mod_bosh are global modules), with the HTTP request,
-- before the stream is opened. We store the values as session.jitsi_web_query_room and
-- session.jitsi_web_query_prefix, keep ?token= as session.auth_token (read by our
-- mod_auth_jitsi_token, as Jitsi's mod_auth_token reads it; never logged), log them, and answer a test-only query so tests can see them:
--
--   C: <iq type="get" to="DOMAIN" id="q1"><query xmlns="urn:jitsi-tui:stack:web-query"/></iq>
--   S: <iq type="result" ...><query xmlns="urn:jitsi-tui:stack:web-query" room="standup"/></iq>
--
-- Other modules of ours find a caller's main room through prosody.full_sessions[jid].

module:set_global();

local formdecode = require "util.http".formdecode;
local st = require "util.stanza";

local xmlns_web_query = "urn:jitsi-tui:stack:web-query";

local function init_session(event)
	local session, request = event.session, event.request;
	local query = request and request.url and request.url.query;
	if not query then return; end
	local params = formdecode(query);
	if type(params) ~= "table" then return; end
	session.jitsi_web_query_room = params.room;
	session.jitsi_web_query_prefix = params.prefix;
	session.auth_token = params.token;
	module:log("info", "web query of session %s: room=%s prefix=%s", tostring(session.id),
		tostring(params.room), tostring(params.prefix));
end

module:hook_global("websocket-session", init_session);
module:hook_global("bosh-session", init_session);

function module.add_host(host_module)
	host_module:hook("iq-get/host/" .. xmlns_web_query .. ":query", function(event)
		local origin, stanza = event.origin, event.stanza;
		local attr = { xmlns = xmlns_web_query };
		attr.room = origin.jitsi_web_query_room;
		attr.prefix = origin.jitsi_web_query_prefix;
		origin.send(st.reply(stanza):tag("query", attr));
		return true;
	end);
end
