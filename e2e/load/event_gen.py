#!/usr/bin/env python3
# The events bench (docs/benchmarks.md): python3 event_gen.py 3500 110000 18000 1 > big.json
# A BIO-Europe-size event: N participants, R requests of which A accepted (rest declined/pending).
import json, random, sys
n, r, acc, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
cc = ["FR","DE","US","JP","GB","CH","DK","NL","BE","IT","ES","SE","KR","CA"]
days = [{"date": d, "start": "09:00", "end": "18:00", "breaks": [{"start": "12:30", "end": "13:30"}]} for d in ("2027-11-02","2027-11-03","2027-11-04")]
ps = [{"ref": f"p{i}", "name": f"Bench Person {i}", "email": f"p{i}@bench.example",
       "organization": {"name": f"Bench Org {i//3}", "country": rnd.choice(cc)}} for i in range(1, n+1)]
pairs = set(); reqs = []
# accepted: about 10 per participant, skewed
while len(pairs) < r:
    a, b = rnd.randint(1, n), rnd.randint(1, n)
    if a == b or (a, b) in pairs or (b, a) in pairs: continue
    pairs.add((a, b))
order = list(pairs); rnd.shuffle(order)
load = {}
na = 0
for a, b in order:
    st = "declined" if rnd.random() < 0.5 else "pending"
    if na < acc and load.get(a, 0) < 14 and load.get(b, 0) < 14:
        st = "accepted"; na += 1; load[a] = load.get(a, 0) + 1; load[b] = load.get(b, 0) + 1
    reqs.append({"from": f"p{a}", "to": f"p{b}", "status": st, "priority": 1})
json.dump({"slug": "bench-europe", "name": "Bench partnering", "time_zone": "Europe/Copenhagen", "location": "Bella Center",
           "meeting_minutes": 30, "tables": 450, "days": days, "participants": ps, "requests": reqs}, sys.stdout)
