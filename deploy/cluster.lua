-- deploy/cluster.lua: the wrk script of deploy/loopback-cluster.sh: predictions under load.
-- Course topic: what a client sees while instances behind the proxy die, drain or change model.
-- Each request POSTs the same four iris rows to /models/iris/predictions over kept-alive
-- connections. Env CLUSTER_OLD and CLUSTER_NEW: the exact bodies the old and the new model
-- answer; when set, every answer is sorted into old, new or other (a mix, or anything else).
-- done() prints one line: "CLUSTER <requests> <requests/s> <non-2xx> <socket errors> <old> <new> <other>".

wrk.method = "POST"
wrk.body = '{"features":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3],[5.9,3.0,4.2,1.5],[6.3,2.8,5.1,1.5]]}'
wrk.headers["Content-Type"] = "application/json"

local old_body = os.getenv("CLUSTER_OLD")
local new_body = os.getenv("CLUSTER_NEW")

-- Every thread of wrk runs its own copy of this script; done() reads their counters.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

non2xx, old, new, other = 0, 0, 0, 0

-- wrk reads answer bodies into Lua only when response() exists: it costs, so it is defined
-- only for the rolling update, where the bodies are the point.
if old_body and new_body then
  function response(status, headers, body)
    if status < 200 or status > 299 then
      non2xx = non2xx + 1
    elseif body == old_body then
      old = old + 1
    elseif body == new_body then
      new = new + 1
    else
      other = other + 1
    end
  end
end

function done(summary, latency, requests)
  local counted = { non2xx = 0, old = 0, new = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counted) do
      counted[name] = counted[name] + (thread:get(name) or 0)
    end
  end
  -- wrk itself counts statuses over 399 and socket errors (connect, read, write, timeout).
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local bad = math.max(summary.errors.status, counted.non2xx)
  io.write(string.format("CLUSTER %d %.1f %d %d %d %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), bad, errors, counted.old, counted.new, counted.other))
end
