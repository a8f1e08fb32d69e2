-- bench/miss.lua — every request a different query string, so each one misses
-- the page cache: the cost of a real search and a full render.
local n = 0
request = function()
	n = n + 1
	return wrk.format("GET", "/countries?q=a&n=" .. n .. "-" .. math.random(1000000))
end
