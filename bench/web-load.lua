-- wrk script for bench/web-load.sh: rotates over the request targets listed
-- one per line in $WRK_PATHS, so a run is not one cached URL.
--   WRK_ONCE=1   each target is requested once (thread t takes every
--                t-th one), then the thread stops: a first pass.
--   WRK_NONCE=1  appends a unique "_n=" parameter to every target, so that
--                no answer comes from the site's page cache.
--   WRK_COOKIE=… sends this Cookie header (a signed-in reader's session).
-- done() prints one line "WRKJSON {...}" with exact figures (latency in
-- microseconds) for the shell script to collect.

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
end

local paths = {}
local next_index = 1
local step = 1
local once = os.getenv("WRK_ONCE") == "1"
local nonce = os.getenv("WRK_NONCE") == "1"
local cookie = os.getenv("WRK_COOKIE")
local headers = nil
if cookie and #cookie > 0 then headers = { Cookie = cookie } end
local sent = 0
local expected = 0
local answered = 0

function init(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local threads = tonumber(os.getenv("WRK_THREADS")) or 1
  next_index = ((thread_index - 1) % #paths) + 1
  if once then
    step = threads
    for i = next_index, #paths, step do expected = expected + 1 end
  else
    -- Spread the threads' starting points over the list.
    next_index = ((thread_index - 1) * math.floor(#paths / threads)) % #paths + 1
  end
end

function request()
  local path = paths[next_index]
  next_index = next_index + step
  if next_index > #paths then next_index = ((next_index - 1) % #paths) + 1 end
  sent = sent + 1
  if nonce then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "_n=" .. thread_index .. "-" .. sent
  end
  return wrk.format("GET", path, headers)
end

if once then
  function response(status, headers, body)
    answered = answered + 1
    if answered >= expected then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,' ..
    '"p90_us":%d,"p99_us":%d,"max_us":%d,"bytes":%d,"errors":{"connect":%d,' ..
    '"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout))
end
