-- wrk script: every request carries the session cookie of a logged-in
-- user (KOPA_COOKIE, "kopa_session=…"), and the report at the end prints
-- the numbers bench/run.sh reads: requests/s, p99 latency in ms, timeouts,
-- errors and non-2xx answers.
local cookie = os.getenv("KOPA_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  -- No answer within the timeout at all: no latency to report.
  local p99, p50 = -1, -1
  if summary.requests > 0 then
    p99, p50 = latency:percentile(99) / 1000, latency:percentile(50) / 1000
  end
  io.write(string.format("BENCH rps=%.1f p99_ms=%.2f p50_ms=%.2f requests=%d timeouts=%d errors=%d non2xx=%d\n",
    summary.requests / secs, p99, p50, summary.requests,
    e.timeout, e.connect + e.read + e.write, e.status))
end
