-- jitsi-tui test stack: a stand-in for Jitsi's token authentication (mod_auth_token).
--
-- Written for this project, not copied: behaves like jitsi-meet's token check
-- (resources/prosody-plugins/token/util.lib.lua at e103757f, luajwtjitsi.lib.lua at 287058a4);
-- the wire facts: tui/jitsi/PROTOCOL.md §1.6, §1.7. Like
-- Jitsi's provider it offers SASL ANONYMOUS only; the JWT comes from the WebSocket URL's
-- ?token=, which our mod_jitsi_web_query keeps as session.auth_token. On <auth/> the token is
-- verified before the anonymous mechanism runs:
--
--   header   typ "JWT", alg "HS256" (the configured algorithm; "none" and others refused)
--   HS256    HMAC-SHA256 with app_secret over "header.payload", compared in constant time
--   iss      in asap_accepted_issuers (default { app_id })
--   aud      present and in asap_accepted_audiences (default { app_id })
--   exp/nbf  numbers, enforced when present, no clock leeway
--
-- A refusal ends SASL as Jitsi's does, with the reason as text:
--   <failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-allowed/><text>REASON</text></failure>
-- The room claim is checked on MUC join by mod_jitsi_token_room (as mod_token_verification
-- does), so the claims are kept on the session (session.jitsi_meet_room, .jitsi_meet_context_*).

local new_sasl = require "util.sasl".new;
local json = require "util.json";
local hashes = require "util.hashes";
local base64 = require "util.encodings".base64;
local set = require "util.set";

local app_id = module:get_option_string("app_id");
local app_secret = module:get_option_string("app_secret");
local issuers = set.new(module:get_option_array("asap_accepted_issuers", { app_id }));
local audiences = set.new(module:get_option_array("asap_accepted_audiences", { app_id }));

if not app_secret then
	module:log("error", "app_secret is not set: every token will be refused");
end

local function unb64url(text)
	local padded = text:gsub("%-", "+"):gsub("_", "/");
	padded = padded .. string.rep("=", (4 - #padded % 4) % 4);
	return base64.decode(padded);
end

local function b64url(data)
	return (base64.encode(data):gsub("%+", "-"):gsub("/", "_"):gsub("=", ""));
end

local function decode_part(text)
	local raw = unb64url(text);
	if not raw then return nil; end
	local value = json.decode(raw);
	if type(value) ~= "table" then return nil; end
	return value;
end

-- Returns the claims, or nil and the reason shown to the client.
local function verify(token)
	if not token or token == "" then
		return nil, "token required";
	end
	local signed, bheader, bpayload, signature = token:match("^(([%w_-]+)%.([%w_-]+))%.([%w_-]*)$");
	if not signed then
		return nil, "Invalid token: not a JWT";
	end
	local header, claims = decode_part(bheader), decode_part(bpayload);
	if not header or not claims then
		return nil, "Invalid token: undecodable header or payload";
	end
	if header.typ ~= "JWT" then
		return nil, "Invalid typ";
	end
	if header.alg ~= "HS256" then
		return nil, "Invalid alg";
	end
	local expected = b64url(hashes.hmac_sha256(app_secret or "", signed));
	if not hashes.equals(expected, signature) then
		return nil, "Invalid signature";
	end
	local now = os.time();
	if claims.exp ~= nil and (type(claims.exp) ~= "number" or now >= claims.exp) then
		return nil, "Expired";
	end
	if claims.nbf ~= nil and (type(claims.nbf) ~= "number" or now < claims.nbf) then
		return nil, "Not valid yet";
	end
	if not issuers:contains(claims.iss) and not issuers:contains("*") then
		return nil, "Invalid issuer";
	end
	local aud = claims.aud;
	if aud == nil or not (audiences:contains(aud) or audiences:contains("*")) then
		return nil, "Invalid audience";
	end
	return claims;
end

local provider = {};

function provider.test_password() return nil, "Password based auth not supported."; end
function provider.get_password() return nil, "Password not available."; end
function provider.set_password() return nil, "Password based auth not supported."; end
function provider.user_exists() return nil, "Only anonymous users are supported."; end
function provider.create_user() return nil, "Account creation/modification not supported."; end
function provider.users() return next, prosody.hosts[module.host].sessions, nil; end

function provider.get_sasl_handler(session)
	local handler = new_sasl(module.host, {
		anonymous = function() return true; end;
	});
	local process = handler.process;
	-- The stock ANONYMOUS mechanism loops until the profile accepts a username, so the token
	-- is checked here, before it runs, and a refusal ends the exchange with its reason.
	function handler.process(self, message)
		local claims, reason = verify(session.auth_token);
		if not claims then
			module:log("info", "token refused for session %s: %s", tostring(session.id), reason);
			return "failure", "not-allowed", reason;
		end
		session.jitsi_meet_room = type(claims.room) == "string" and claims.room or nil;
		session.jitsi_meet_context_user = type(claims.context) == "table" and claims.context.user or nil;
		session.auth_token_claims = claims;
		return process(self, message);
	end
	return handler;
end

module:provides("auth", provider);
