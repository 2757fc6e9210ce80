"""Benchmark: signed `/cpt 77002 26` requests over HTTP against `billbot serve`, and, in the same run,
against a no-op Bolt `AsyncApp` command handler (same aiohttp stack, same signature check) on the
same machine. Reports throughput, p50/p99 latency and errors for both, and the throughput ratio.

    python -m bench.slack [--requests 4000] [--concurrency 32] [--cms ../shared/cms]

Targets (README, Performance): /cpt throughput >= 70 % of the no-op's, p99 <= 50 ms at 32 concurrent
connections, no errors. Loopback only; the Slack Web API is the local stand-in (tests/slack_stub.py).
A /cpt response counts as an error unless it is HTTP 200 and carries the quote ($25.55).

Reading the numbers: every /cpt request is parsed, priced, checked against NCCI and rendered; the
pure parts — the quote, its tips and its rendered blocks — are memoised per loaded data, and the NCCI
edits and denial patterns come from short-lived caches.
Bolt acknowledges slash commands by polling every 10 ms, so at 32 connections both servers sit
near 32 / ~12 ms ≈ 2,700 req/s when the machine is quiet; the ratio drops when /cpt's CPU per
request saturates a core. `--in-process` adds the CPU cost per request of Bolt's dispatch alone
(no HTTP, no load generator), which is the server-side difference with nothing else in the way.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the no-op app (run as a subprocess: python -m bench.slack --noop-server PORT) --------------------


async def _noop_server(port: int) -> None:
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=os.environ["SLACK_API_URL"]), signing_secret=SECRET)

    @app.command("/cpt")
    async def noop(ack):  # type: ignore[no-untyped-def]
        await ack()

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


# -- load generator ---------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(p * len(data)))] * 1000

    def line(self) -> str:
        return (f"{self.name:<22} {self.throughput:8.0f} req/s   p50 {self.pct(0.50):6.1f} ms   "
                f"p99 {self.pct(0.99):6.1f} ms   max {max(self.latencies) * 1000:6.1f} ms   "
                f"errors {self.errors}/{self.requests}")


def _body(response_url: str) -> bytes:
    form = {
        "token": "x", "team_id": "T0BILLBOT", "team_domain": "bench", "channel_id": "C0BENCH",
        "channel_name": "bench", "user_id": "U0BENCH", "user_name": "bench", "command": "/cpt",
        "text": "77002 26", "api_app_id": "A0BENCH", "is_enterprise_install": "false",
        "response_url": response_url, "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
    }
    return urlencode(form).encode()


def _headers(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    sig = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": f"v0={sig}"}


async def _load(name: str, url: str, response_url: str, total: int, concurrency: int, expect: bytes | None
                ) -> Result:
    import aiohttp

    latencies: list[float] = []
    errors = 0
    remaining = total
    bodies = [_body(response_url) for _ in range(total)]

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            body = bodies[remaining]
            t0 = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=_headers(body)) as resp:
                    payload = await resp.read()
                    ok = resp.status == 200 and (expect is None or expect in payload)
            except Exception:
                ok = False
            latencies.append(time.perf_counter() - t0)
            if not ok:
                errors += 1

    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - t0
    return Result(name, total, seconds, latencies, errors)


def _in_process(db_url: str, api_url: str, n: int = 2000) -> dict[str, float]:
    """CPU per request for Bolt's dispatch alone (no HTTP), which the loaded machine disturbs less:
    the no-op handler and billbot's /cpt, in the same process."""
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.request.async_request import AsyncBoltRequest
    from slack_sdk.web.async_client import AsyncWebClient

    os.environ.update({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
                       "BILLBOT_DATABASE_URL": db_url})
    from bot.app import build_app
    from bot.config import Settings
    from bot.services import Services

    out: dict[str, float] = {}

    async def run() -> None:
        services = await Services.start(Settings())
        noop = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url), signing_secret=SECRET)

        @noop.command("/cpt")
        async def _noop(ack):  # type: ignore[no-untyped-def]
            await ack()

        apps = {"no-op": noop, "/cpt": build_app(services)}
        bodies = [_body(f"{api_url}x") for _ in range(n + 200)]

        async def measure(app: AsyncApp) -> float:
            async def one(body: bytes) -> None:
                hdrs: dict[str, str | Sequence[str]] = {k.lower(): v for k, v in _headers(body).items()}
                await app.async_dispatch(AsyncBoltRequest(body=body.decode(), headers=hdrs))

            await asyncio.gather(*(one(b) for b in bodies[:200]))
            t0 = time.process_time()
            for i in range(200, n + 200, 32):
                await asyncio.gather(*(one(b) for b in bodies[i:i + 32]))
            return (time.process_time() - t0) / n * 1000

        for _ in range(3):
            for name, app in apps.items():
                out[name] = min(out.get(name, 1e9), await measure(app))
        await services.close()

    asyncio.run(run())
    return out


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not become healthy")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="alternate no-op and /cpt this many times")
    parser.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms")
    parser.add_argument("--database-url", help="use this (already imported) database instead of a fresh SQLite")
    parser.add_argument("--in-process", action="store_true",
                        help="also measure CPU per request of Bolt's dispatch alone (no HTTP)")
    parser.add_argument("--noop-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.noop_server:
        asyncio.run(_noop_server(args.noop_server))
        return 0

    sys.path.insert(0, str(ROOT))
    from tests.slack_stub import SlackStub

    billbot = Path(sys.executable).parent / "billbot"
    work = Path(tempfile.mkdtemp(prefix="billbot-bench-slack-"))
    stub = SlackStub().start()
    stub.record_responses = False
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    db_url = args.database_url or f"sqlite+aiosqlite:///{work / 'billbot.db'}"
    env.update({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": stub.api_url,
                "BILLBOT_DATABASE_URL": db_url})
    if not args.database_url:
        print("importing CMS files …", file=sys.stderr)
        subprocess.run([str(billbot), "data", "import", str(args.cms / "rvu25d"), str(args.cms / "zip-locality"),
                        str(args.cms / "ncci-excerpt")], env=env, cwd=work, check=True, capture_output=True)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        cpt_port, noop_port = _free_port(), _free_port()
        procs.append(subprocess.Popen([str(billbot), "serve", "--host", "127.0.0.1", "--port", str(cpt_port),
                                       "--log-level", "warning"], env=env, cwd=work,
                                      stdout=subprocess.DEVNULL, stderr=(work / "serve.log").open("wb")))
        procs.append(subprocess.Popen([sys.executable, "-m", "bench.slack", "--noop-server", str(noop_port)],
                                      env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=(work / "noop.log").open("wb")))
        _wait_healthy(cpt_port, procs[0])
        _wait_healthy(noop_port, procs[1])
        response_url = stub.response_url("bench")
        targets = {
            "no-op Bolt handler": (f"http://127.0.0.1:{noop_port}/slack/events", None),
            "/cpt 77002 26": (f"http://127.0.0.1:{cpt_port}/slack/events", b"$25.55"),
        }
        results: dict[str, list[Result]] = {name: [] for name in targets}
        for name, (url, expect) in targets.items():  # warm up both
            asyncio.run(_load(name, url, response_url, args.warmup, args.concurrency, expect))
        for _ in range(args.rounds):
            for name, (url, expect) in targets.items():
                r = asyncio.run(_load(name, url, response_url, args.requests, args.concurrency, expect))
                results[name].append(r)
                print(r.line())
        best = {name: max(rs, key=lambda r: r.throughput) for name, rs in results.items()}
        noop, cpt = best["no-op Bolt handler"], best["/cpt 77002 26"]
        ratio = cpt.throughput / noop.throughput
        errors = sum(r.errors for rs in results.values() for r in rs)
        print()
        print(f"concurrency {args.concurrency}, {args.requests} requests per run, best of {args.rounds}:")
        print(noop.line())
        print(cpt.line())
        print(f"throughput ratio /cpt : no-op = {ratio:.0%} (target >= 70%); /cpt p99 {cpt.pct(0.99):.1f} ms "
              f"(target <= 50 ms); errors {errors}")
        print(json.dumps({"noop_rps": round(noop.throughput), "cpt_rps": round(cpt.throughput),
                          "ratio": round(ratio, 3), "cpt_p50_ms": round(cpt.pct(0.5), 1),
                          "cpt_p99_ms": round(cpt.pct(0.99), 1), "noop_p99_ms": round(noop.pct(0.99), 1),
                          "errors": errors, "median_cpt_rps": round(statistics.median(
                              r.throughput for r in results["/cpt 77002 26"]))}))
        if args.in_process:
            cpu = _in_process(db_url, stub.api_url)
            print("in-process Bolt dispatch, CPU per request (no HTTP): "
                  + ", ".join(f"{k} {v:.3f} ms" for k, v in cpu.items())
                  + f"; /cpt adds {cpu['/cpt'] - cpu['no-op']:.3f} ms")
        return 0 if errors == 0 else 1
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        stub.stop()


if __name__ == "__main__":
    raise SystemExit(main())
