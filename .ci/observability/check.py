"""Checks the monitoring files (issue 16): the k8s PrometheusRule carries exactly the compose rules, the dashboard
copies are equal, every dashboard query is valid PromQL (written out as recording rules for promtool), and every
CRM metric the rules and dashboard name is one the code registers. Prints the rules file for promtool on stdout."""
import json
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parents[2]
alerts = yaml.safe_load((root / "observability/prometheus/crm-alerts.yml").read_text())
rule = yaml.safe_load((root / "k8s/monitoring/prometheus-rule.yaml").read_text())
problems = []
if rule.get("kind") != "PrometheusRule" or rule.get("spec") != alerts:
    problems.append("k8s/monitoring/prometheus-rule.yaml: spec differs from observability/prometheus/crm-alerts.yml")

dashboard_file = root / "observability/grafana/dashboards/crm-event-pipeline.json"
copy = root / "k8s/monitoring/dashboards/crm-event-pipeline.json"
if dashboard_file.read_bytes() != copy.read_bytes():
    problems.append(f"{copy.relative_to(root)} differs from {dashboard_file.relative_to(root)}")
dashboard = json.loads(dashboard_file.read_text())
exprs = []
for panel in dashboard["panels"]:
    targets = panel.get("targets") or []
    if not targets:
        problems.append(f"dashboard panel '{panel.get('title')}' has no query")
    for target in targets:
        # Grafana's variables are not PromQL: put what 'All' means in their place
        exprs.append(target["expr"].replace("$application", ".*"))

# every crm_* metric named must be registered in the code (Micrometer name: dots, no unit or _total suffix)
sources = "\n".join(p.read_text() for p in root.glob("*/**/src/main/java/**/*.java"))
names = set()
for expr in exprs + [r["expr"] for g in alerts["groups"] for r in g["rules"]]:
    names.update(re.findall(r"\b(crm_[a-z_]+)\b", expr))
for name in sorted(names):
    micrometer = re.sub(r"_(total|seconds)$", "", re.sub(r"_(bucket|count|sum)$", "", name)).replace("_", ".")
    if f'"{micrometer}"' not in sources:
        problems.append(f"metric {name} (\"{micrometer}\") is not registered anywhere in the code")

if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
rules = {"groups": [{"name": "dashboard-queries", "rules": [
    {"record": f"dashboard:query_{i}", "expr": e} for i, e in enumerate(exprs)]}]}
print(yaml.safe_dump(rules, sort_keys=False))
