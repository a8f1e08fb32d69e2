-- bench/write.lua — POST /api/v1/commitments/ID/progress with a bearer
-- token (BENCH_TOKEN), the IDs (BENCH_IDS, space-separated: commitments the
-- token's owner may report on) taken in turn, each thread from its own
-- starting point. Every request is a write: a 201.
local threads = 0
function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

local ids = {}
for v in string.gmatch(os.getenv("BENCH_IDS"), "%d+") do
	ids[#ids + 1] = v
end
local headers = {
	["Content-Type"] = "application/json",
	["Accept"] = "application/json",
	["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
}
local n = 0

function request()
	n = n + 1
	local cid = ids[(n + id * 7) % #ids + 1]
	local body = string.format('{"status": "in_progress", "percent": %d, "narrative": "Written by make bench."}', n % 101)
	return wrk.format("POST", "/api/v1/commitments/" .. cid .. "/progress", headers, body)
end
