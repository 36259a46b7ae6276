#!/usr/bin/env python3
"""Drives the platform running from deploy/compose.yaml, through the gateway on 127.0.0.1 only.

  deploy/compose-check.py loop        the key-account loop: plan → acquire → win → collect → renew
  deploy/compose-check.py kill N      N accounts registered in a burst while the contracts-api container that
                                      holds work is killed (SIGKILL of its process); prints the exactly-once
                                      figures: events sent, applied, applied twice, lost, redelivered, restarts

Environment: KA_GATEWAY_PORT (18480), KA_BROKER_MANAGEMENT_PORT (18472), KA_BROKER_PASSWORD, KA_PROJECT (ka).
Exit code 0 only when every check held.
"""
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

GATEWAY = f"http://127.0.0.1:{os.environ.get('KA_GATEWAY_PORT', '18480')}"
MANAGEMENT = f"http://127.0.0.1:{os.environ.get('KA_BROKER_MANAGEMENT_PORT', '18472')}"
BROKER_AUTH = ("ka", os.environ.get("KA_BROKER_PASSWORD", "ka-compose"))
PROJECT = os.environ.get("KA_PROJECT", "ka")
TODAY = datetime.date.today()


class Failed(Exception):
    pass


def call(method, path, token=None, body=None, expect=(200,), base=GATEWAY, auth=None):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if auth:
        import base64
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in expect:
        raise Failed(f"{method} {path}: {status} {text[:300]}")
    return status, (json.loads(text) if text else None)


def token(role, region=None, user=None):
    body = {"userId": str(user or uuid.uuid4()), "name": role[:20], "roles": [role], "region": region}
    return call("POST", "/api/dev/token", body=body)[1]["accessToken"]


def eventually(what, probe, limit=120):
    deadline = time.monotonic() + limit
    last = None
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except Failed as error:
            last = error
        time.sleep(0.5)
    raise Failed(f"{what}: not within {limit} s ({last})")


def step(text):
    print(f"  ✓ {text}", flush=True)


def loop():
    region = "compose-" + uuid.uuid4().hex[:6]
    kam = token("key_account_manager", region)
    cs = token("cs_manager", region)
    admin = token("admin")

    # Plan
    group = call("POST", "/api/accounts", kam, {"name": "中国移动通信集团", "region": region, "category": "group"}, (201,))[1]["id"]
    account = call("POST", "/api/accounts", kam, {"name": "中国移动通信集团浙江有限公司", "region": region, "parentId": group,
                                                  "category": "strategic"}, (201,))[1]["id"]
    for area in ("opportunities", "contracts", "success"):
        eventually(f"{area} knows the account", lambda a=area: call("GET", f"/api/{a}/accounts/{account}", kam, expect=(200, 404))[0] == 200)
    step("accounts registered; opportunities, contracts and success know them by event")
    buyer = call("POST", f"/api/accounts/{account}/stakeholders", kam, {
        "name": "王建国", "title": "副总经理", "buyingRoles": ["economic_buyer", "decision_maker"], "influence": 5, "stance": "ally",
        "relationshipCloseness": 80, "solutionAcceptance": 70, "priceAcceptance": 60}, (201,))[1]["id"]
    visited = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).isoformat()
    call("POST", f"/api/accounts/{account}/interactions", kam, {
        "kind": "visit", "occurredAt": visited, "stakeholderIds": [buyer], "summary": "与王总讨论5G专网二期，预算已批",
        "topics": ["5G专网"], "nextSteps": "提交方案"}, (201,))
    call("POST", f"/api/accounts/{account}/plans", kam, {"fiscalYear": TODAY.year, "targets": {
        "opportunitiesIncubated": 2, "opportunitiesCaptured": 1, "contractAmount": 5000000, "collectionAmount": 3000000}}, (201,))
    step("economic buyer, a visit with them, the account plan")

    # Acquire
    lead = call("POST", "/api/leads", kam, {"accountId": account, "title": "5G专网二期", "source": "existing_customer",
                                            "purchaseType": "occasional", "estimatedValue": 3000000}, (201,))[1]["id"]
    opportunity = call("POST", f"/api/leads/{lead}/qualify", kam, {
        "budget": {"confirmed": True, "amount": 3000000}, "authority": {"confirmed": True, "stakeholderId": buyer},
        "need": {"confirmed": True, "description": "园区5G专网覆盖"},
        "timeline": {"confirmed": True, "decisionDate": str(TODAY + datetime.timedelta(days=30))}}, (201,))[1]["opportunityId"]
    for stage in ("solution_design", "deep_engagement", "product_confirmation"):
        call("POST", f"/api/opportunities/{opportunity}/stage", kam, {"stage": stage})
    call("PATCH", f"/api/opportunities/{opportunity}", kam, {
        "competitors": [{"name": "华为", "strengths": "价格", "weaknesses": "服务", "threat": "high", "incumbent": False}],
        "infoPoints": [{"key": "competition", "known": True, "notes": "华为参与"}]})
    call("POST", f"/api/opportunities/{opportunity}/stage", kam, {"stage": "commercial_negotiation"})
    deadline = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=10)).isoformat()
    bid = call("POST", f"/api/opportunities/{opportunity}/bids", kam, {
        "tenderRef": "ZJYD-" + uuid.uuid4().hex[:6], "issuer": "浙江移动采购中心", "submissionDeadline": deadline, "price": 3000000,
        "documents": [{"name": "技术方案", "status": "done"}]}, (201,))[1]["id"]
    call("POST", f"/api/bids/{bid}/decision", kam, {"decision": "bid", "reason": "战略客户"})
    call("POST", f"/api/bids/{bid}/submit", kam)
    call("POST", f"/api/bids/{bid}/outcome", kam, {"outcome": "won", "reason": "综合评分第一"})
    step("lead qualified, opportunity through the stages, bid won")

    # Win
    call("POST", f"/api/opportunities/{opportunity}/win", kam, {"closeDate": str(TODAY)})
    draft = eventually("draft contract", lambda: (call("GET", f"/api/contracts?accountId={account}", kam)[1]["items"] or [None])[0])
    if draft["status"] != "draft":
        raise Failed(f"contract is {draft['status']}, not draft")
    step(f"opportunity won; draft contract {draft['id']} of {draft['amount']} arrived by event")

    # Collect
    contract = draft["id"]
    call("PUT", f"/api/contracts/{contract}/payment-plan", kam, {"milestones": [
        {"kind": "down_payment", "percent": 30, "dueRule": {"type": "days_after_signing", "value": 15}},
        {"kind": "delivery", "percent": 40, "dueRule": {"type": "days_after_delivery", "value": 30}},
        {"kind": "acceptance", "percent": 25, "dueRule": {"type": "days_after_acceptance", "value": 30}},
        {"kind": "warranty", "percent": 5, "dueRule": {"type": "months_after_acceptance", "value": 12}}]})
    end = TODAY + datetime.timedelta(days=365)
    call("POST", f"/api/contracts/{contract}/sign", kam, {"signedAt": str(TODAY), "startDate": str(TODAY), "endDate": str(end)})
    call("POST", f"/api/contracts/{contract}/deliveries", kam, {"date": str(TODAY), "evidence": "DN-001 到货签收单"})
    call("POST", f"/api/contracts/{contract}/acceptance", kam, {"date": str(TODAY), "evidence": "AC-001 验收证书"})
    step("payment plan, signed, delivered, accepted")
    eventually("success sees the health", lambda: call("GET", f"/api/success/accounts/{account}/health", cs)[1])
    step("customer success has the account's health")

    # Renew
    scan_day = end - datetime.timedelta(days=120)
    # The scan finds the contract once success has applied its ContractSigned; scanning again changes nothing.
    def renewal():
        call("POST", f"/api/success/renewals/due-scan?asOf={scan_day}", admin)
        return call("GET", f"/api/opportunities?accountId={account}&type=renewal", kam)[1]["items"]
    eventually("renewal opportunity", renewal, limit=240)
    step("renewal due: a renewal opportunity opened by event")


def containers(service):
    out = subprocess.run(["docker", "ps", "--filter", f"label=com.docker.compose.project={PROJECT}",
                          "--filter", f"label=com.docker.compose.service={service}", "--format", "{{.Names}}"],
                         check=True, capture_output=True, text=True).stdout.split()
    return sorted(out)


def inspect(name, template):
    return subprocess.run(["docker", "inspect", "-f", template, name], check=True, capture_output=True, text=True).stdout.strip()


def psql(database, sql):
    postgres = containers("postgres")[0]
    return subprocess.run(["docker", "exec", postgres, "psql", "-U", "ka", "-d", database, "-Atc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def queue_redeliveries():
    _, queues = call("GET", "/api/queues/%2F", base=MANAGEMENT, auth=BROKER_AUTH)
    return {q["name"]: q.get("message_stats", {}).get("redeliver", 0) for q in queues if q["name"].startswith("contracts")}


def kill(count):
    region = "burst-" + uuid.uuid4().hex[:6]
    kam = token("key_account_manager", region)
    victim = containers("contracts-api")[0]
    restarts_before = int(inspect(victim, "{{.RestartCount}}"))
    redelivered_before = sum(queue_redeliveries().values())
    ids = []

    def register(i):
        return call("POST", "/api/accounts", kam, {"name": f"并发客户 {region} {i:04d}", "region": region}, (201,))[1]["id"]

    started = time.monotonic()
    killed_at = None
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(register, i) for i in range(count)]
        # Kill once contracts-api is busy with this burst: the first events of it have been applied.
        while killed_at is None:
            applied = int(psql("contractsdb", f"SELECT count(*) FROM account_directory WHERE region = '{region}'"))
            if applied > 0:
                pid = inspect(victim, "{{.State.Pid}}")
                subprocess.run(["kill", "-KILL", pid], check=True)
                killed_at = applied
            else:
                time.sleep(0.05)
        ids = [f.result() for f in futures]
    sent_seconds = time.monotonic() - started
    print(f"  burst: {count} accounts registered in {sent_seconds:.1f} s; killed {victim} (its process, SIGKILL) "
          f"when contracts had applied {killed_at}")

    eventually(f"{victim} restarted", lambda: int(inspect(victim, "{{.RestartCount}}")) > restarts_before
               and inspect(victim, "{{.State.Health.Status}}") == "healthy", limit=180)
    id_list = ",".join(f"'{i}'" for i in ids)
    eventually("every event applied", lambda: int(psql("contractsdb",
               f"SELECT count(*) FROM account_directory WHERE id IN ({id_list})")) == count, limit=180)

    events = psql("accountsdb", "SELECT id FROM outbox WHERE message_type LIKE '%AccountRegistered%' "
                  f"AND body->>'region' = '{region}' AND sent_at IS NOT NULL").split()
    sent = len(events)
    event_list = ",".join(f"'{e}'" for e in events)
    # The inbox row is written in the same transaction as the change: one row = the event was applied once.
    applied, twice = (int(v) for v in psql("contractsdb", "SELECT count(*), count(*) - count(DISTINCT (message_id, consumer)) "
                                           f"FROM inbox WHERE message_id IN ({event_list})").split("|"))
    rows = int(psql("contractsdb", f"SELECT count(*) FROM account_directory WHERE id IN ({id_list})"))
    redelivered = sum(queue_redeliveries().values()) - redelivered_before
    restarts = int(inspect(victim, "{{.RestartCount}}")) - restarts_before
    lost = sent - applied
    print(f"  figures: events sent {sent}, applied {applied} (account rows {rows}), applied twice {twice}, lost {lost}, "
          f"redelivered by the broker {redelivered} (absorbed by the inbox), restarts of {victim} {restarts}")
    if sent != count or applied != count or rows != count or twice != 0 or lost != 0 or restarts < 1:
        raise Failed("exactly-once did not hold")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("loop", "kill"):
        print(__doc__)
        return 2
    eventually("gateway healthy", lambda: call("GET", "/health", expect=(200, 503))[0] == 200, limit=300)
    try:
        if sys.argv[1] == "loop":
            loop()
            print("compose check: the key-account loop passed through the containers")
        else:
            kill(int(sys.argv[2]) if len(sys.argv) > 2 else 300)
            print("compose check: nothing lost, nothing applied twice, the container came back")
    except Failed as error:
        print(f"compose check FAILED: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
