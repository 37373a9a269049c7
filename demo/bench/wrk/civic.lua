-- wrk driver of `make bench` (demo/bench/overhttp.py): one row of the table per run.
--
-- The requests come from a data file the bench writes for each row (CIVIC_BENCH_DATA):
--   return { method = "GET" or "POST", host = "...", origin = "https://...",
--            entries = { { path = "...", cookie = "...", csrf = "...", addr = "..." }, ... } }
-- Each wrk thread takes its own share of the entries and walks it in order, round and round
-- (POST rows: each entry is one citizen's support of one proposal, so a thread never sends
-- two citizens' requests in the same order as another). Requests carry what the proxy in front
-- of the app servers would add: X-Forwarded-Proto and the client's own X-Forwarded-For (a new
-- address per request for anonymous rows, the citizen's for signed-in rows), so per-address
-- rate limits see a city, not one machine. The summary is one line of JSON, "CIVIC-BENCH {...}".

local data = dofile(os.getenv("CIVIC_BENCH_DATA"))
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("CIVIC_BENCH_THREADS")) or 1
  mine = {}
  for i, entry in ipairs(data.entries) do
    if (i - 1) % n == id then
      table.insert(mine, entry)
    end
  end
  if #mine == 0 then
    mine = data.entries
  end
  position = 0
  sent = 0
  ok = 0
  refused = 0
  failed = 0
end

function request()
  position = position % #mine + 1
  sent = sent + 1
  local entry = mine[position]
  local address = entry.addr
  if address == nil then
    local k = id * 1000003 + sent
    local floor = math.floor
    address = string.format("10.%d.%d.%d", floor(k / 65536) % 256, floor(k / 256) % 256, k % 256)
  end
  local headers = {
    ["Host"] = data.host,
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = address,
  }
  if entry.cookie then
    headers["Cookie"] = entry.cookie
  end
  if data.method == "POST" then
    headers["X-CSRFToken"] = entry.csrf
    headers["Origin"] = data.origin
    headers["Referer"] = data.origin .. "/"
    headers["X-Requested-With"] = "fetch"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", entry.path, headers, "")
  end
  return wrk.format("GET", entry.path, headers)
end

function response(status, headers, body)
  if status >= 500 then
    failed = failed + 1
  elseif status >= 400 then
    refused = refused + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local total = { ok = 0, refused = 0, failed = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'CIVIC-BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"ok": %d, "refused": %d, "failed": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    total.ok, total.refused, total.failed,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
