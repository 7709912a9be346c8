-- bench/request.lua: the wrk script for every bench/run.sh workload.
-- Course topic: load generation: one request shape sent over and over, then percentiles.
-- Env: BENCH_ROWS=0 sends GET /health; BENCH_ROWS=N POSTs N iris rows to
-- /models/iris/predictions. BENCH_HZ: the kernel's clock ticks a second (getconf CLK_TCK).
-- done() prints one machine-readable line for run.sh: "RESULT <requests/s> <p50 us>
-- <p99 us> <non-2xx> <socket errors> <requests> <wrk's CPU, % of one core>".

local rows = tonumber(os.getenv("BENCH_ROWS") or "0")

-- Four iris rows (one per class boundary and the middle), repeated in order.
local samples = { "5.1,3.5,1.4,0.2", "6.7,3.0,5.2,2.3", "5.9,3.0,4.2,1.5", "6.3,2.8,5.1,1.5" }

if rows > 0 then
  local parts = {}
  for i = 1, rows do
    parts[i] = "[" .. samples[(i - 1) % #samples + 1] .. "]"
  end
  wrk.method = "POST"
  wrk.path = "/models/iris/predictions"
  wrk.body = '{"features":[' .. table.concat(parts, ",") .. "]}"
  wrk.headers["Content-Type"] = "application/json"
else
  wrk.method = "GET"
  wrk.path = "/health"
end

-- wrk's own CPU time so far (user + system, all its threads), in seconds, from /proc. When
-- it nears a whole core, the rate measured is wrk's limit, not the server's.
local function cpu_seconds()
  local hz = tonumber(os.getenv("BENCH_HZ") or "")
  local file = io.open("/proc/self/stat")
  if not hz or not file then return 0 end
  local stat = file:read("*a")
  file:close()
  -- Fields after the ")" that ends the command name: state is the 3rd field of the line,
  -- utime and stime the 14th and 15th.
  local fields = {}
  for field in stat:match("%)%s+(.*)"):gmatch("%S+") do fields[#fields + 1] = field end
  return (tonumber(fields[12]) + tonumber(fields[13])) / hz
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %d %d %d %d %d %.0f\n", summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), summary.errors.status, errors, summary.requests,
    100 * cpu_seconds() / seconds))
end
