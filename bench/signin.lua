-- bench/signin.lua — POST /account/login as the sign-in form sends it: the
-- account in BENCH_EMAIL / BENCH_PASSWORD, the CSRF cookie and field from
-- BENCH_CSRF (bench/run reads them off the form once). A success is a 303.
local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local body = "csrf_token=" .. urlencode(os.getenv("BENCH_CSRF")) ..
	"&email=" .. urlencode(os.getenv("BENCH_EMAIL")) ..
	"&password=" .. urlencode(os.getenv("BENCH_PASSWORD"))

function request()
	return wrk.format("POST", "/account/login", {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Cookie"] = "pacte_csrf=" .. os.getenv("BENCH_CSRF"),
	}, body)
end
