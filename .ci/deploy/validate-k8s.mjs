// Validates rendered Kubernetes manifests (kubectl kustomize output, read from the files named as arguments)
// against the Kubernetes OpenAPI schemas shipped in the npm package kubernetes-models: offline, no cluster.
// Every object must be of a known apiVersion/kind and pass its schema; plus the checks the issue asks for.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failures = 0;
const fail = (where, message) => { failures++; console.error(`  ${where}: ${message}`); };

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : apiVersion; // core group is "v1"
  try {
    const module = await import(`kubernetes-models/${path}/${kind}`);
    return module[kind] ?? module.default;
  } catch {
    return undefined;
  }
}

for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) { fail(file, doc.errors.map(String).join("; ")); continue; }
    const obj = doc.toJS();
    if (obj) objects.push(obj);
  }
  console.log(`${file}: ${objects.length} objects`);
  for (const obj of objects) {
    const where = `${file} ${obj.kind}/${obj.metadata?.name}`;
    if (!obj.apiVersion || !obj.kind) { fail(where, "apiVersion and kind are required"); continue; }
    const Model = await modelFor(obj.apiVersion, obj.kind);
    if (!Model) { fail(where, `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`); continue; }
    try {
      new Model(obj).validate();
    } catch (e) {
      fail(where, e.message);
    }
    if (obj.kind === "Deployment") {
      const pod = obj.spec.template.spec;
      for (const c of pod.containers) {
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
          if (!c[probe]) fail(where, `container ${c.name} has no ${probe}`);
        }
        if (!c.resources?.requests || !c.resources?.limits?.memory) fail(where, `container ${c.name} needs requests and a memory limit`);
        if (/:latest$/.test(c.image) || !c.image.includes(":")) fail(where, `image ${c.image} is not pinned to a tag`);
      }
      if (!pod.securityContext?.runAsNonRoot) fail(where, "pod must run as non-root");
    }
    if (obj.kind === "Secret" && file.includes("prod")) fail(where, "prod must not carry secret values");
  }
  const kinds = new Set(objects.map(o => o.kind));
  for (const required of ["Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
                          "ConfigMap", "NetworkPolicy"]) {
    if (!kinds.has(required)) fail(file, `no ${required}`);
  }
}
if (failures) {
  console.error(`k8s validation: ${failures} problem(s)`);
  process.exit(1);
}
console.log("k8s validation: all objects valid");
