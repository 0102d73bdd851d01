#!/usr/bin/env python3
# The participations import bench (docs/benchmarks.md):
#   python3 cordis_gen.py ORGS.csv PROJECTS.csv 10000 10 1 DIR
# writes DIR/cordis-benchorganizations.csv and DIR/cordis-benchprojects.csv in the shape of
# the CORDIS open-data files (';', UTF-8 with a byte-order mark): P projects taken from the
# FP7 project list, each with K organisations drawn from the FP7 organisation list (real
# names, EU country codes, double-encoded accents as they are there), the first the
# coordinator. The files have no link table: which organisation is in which project, the
# roles, contributions, programmes, calls and dates are made up.
import csv, os, random, sys

orgs_file, projects_file, p, k, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
rnd = random.Random(seed)
orgs = [r for r in csv.DictReader(open(orgs_file, encoding="utf-8")) if r["name"].strip() and r["country"].strip()]
projects = [r for r in csv.DictReader(open(projects_file, encoding="utf-8")) if r["project_acronym"].strip()][:p]
kinds = ["HES", "REC", "PRC", "PUB", "OTH"]
calls = ["FP7-HEALTH-2012-INNOVATION-1", "FP7-ICT-2013-10", "FP7-NMP-2012-LARGE-6", "FP7-KBBE-2013-7", "FP7-ENERGY-2012-1"]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "cordis-benchprojects.csv"), "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["id", "acronym", "title", "frameworkProgramme", "masterCall", "topics", "startDate", "endDate"])
    for pr in projects:
        y = rnd.randint(2008, 2014)
        w.writerow([pr["id_project"], pr["project_acronym"], pr["project_name"], "FP7", rnd.choice(calls), "TOPIC-" + str(rnd.randint(1, 40)),
                    f"{y}-{rnd.randint(1, 12):02d}-01", f"{y + 3}-12-31"])
with open(os.path.join(out, "cordis-benchorganizations.csv"), "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["projectID", "projectAcronym", "role", "organisationID", "name", "shortName", "activityType", "city", "country", "ecContribution"])
    for pr in projects:
        for i, o in enumerate(rnd.sample(orgs, k)):
            city = o["address"].split(", ")[-2] if o["address"].count(", ") >= 2 else ""
            w.writerow([pr["id_project"], pr["project_acronym"], "coordinator" if i == 0 else "participant", o["idOrganization"], o["name"], "",
                        rnd.choice(kinds), city, o["country"], f"{rnd.randint(20000, 3000000)}.{rnd.randint(0, 99):02d}"])
