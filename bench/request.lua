-- bench/request.lua: the wrk script for every bench/run.sh workload.
-- Course topic: load generation: one request shape sent over and over, then percentiles.
-- Env: BENCH_ROWS=0 sends GET /health; BENCH_ROWS=N POSTs N iris rows to
-- /models/iris/predictions. done() prints one machine-readable line for run.sh:
-- "RESULT <requests/s> <p50 us> <p99 us> <non-2xx> <socket errors> <requests>".

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

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %d %d %d %d %d\n", summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), summary.errors.status, errors, summary.requests))
end
