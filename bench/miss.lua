-- bench/miss.lua — every request a different query string (the URL's own
-- query plus b=THREAD-N), so each one misses the page cache: the cost of
-- the database queries and the render under load. Each wrk thread numbers
-- its own requests, so no two threads ever send the same URL.
local threads = 0
function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

local n = 0
function request()
	n = n + 1
	local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
	return wrk.format(nil, wrk.path .. sep .. "b=" .. id .. "-" .. n)
end
