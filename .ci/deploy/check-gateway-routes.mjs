// Every route of the gateway must reach its service in every deployment. A route's uri names a property
// (uri: ${crm.gateway.webhook-service-uri}) whose default is a localhost address (the local stack's), so a
// deployment that does not set the environment variable behind it routes to localhost and fails only at
// runtime. Reads the routes from the gateway's own configuration, then the rendered deployments:
//   node check-gateway-routes.mjs --gateway <application*.yml ...> --compose <docker-compose config output>
//        --k8s <kubectl kustomize output ...>
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseAllDocuments } from "yaml";

const args = { gateway: [], compose: [], k8s: [] };
let current;
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("--")) current = arg.slice(2);
  else if (current in args) args[current].push(arg);
  else throw new Error(`unexpected argument ${arg}`);
}

let failures = 0;
const fail = (where, message) => { failures++; console.error(`  ${where}: ${message}`); };

const readYaml = (file) => parseAllDocuments(readFileSync(file, "utf8")).map((doc) => {
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map(String).join("; ")}`);
  return doc.toJS({ merge: true });
}).filter(Boolean);

// Spring's relaxed binding: crm.gateway.customer-service-uri and crmGateway... are the same property
const canonical = (name) => name.toLowerCase().replace(/[-_]/g, "");

function flatten(node, prefix, into) {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(canonical(prefix), node);
  }
  return into;
}

// the environment variable names that set a property: the one its value's placeholder reads (${ENV:default})
// and the one relaxed binding derives from the property's name (CRM_GATEWAY_CUSTOMERSERVICEURI)
function variablesFor(property, properties) {
  const names = [property.replace(/\./g, "_").replace(/-/g, "").toUpperCase()];
  const value = properties.get(canonical(property));
  const placeholder = typeof value === "string" && value.match(/^\$\{([A-Za-z0-9_]+)(:.*)?\}$/);
  if (placeholder) names.unshift(placeholder[1]);
  return names;
}

// routes -> { route, property, variables }
const required = [];
for (const file of args.gateway) {
  for (const doc of readYaml(file)) {
    const properties = flatten(doc, "", new Map());
    const routes = doc?.spring?.cloud?.gateway?.server?.webmvc?.routes ?? [];
    for (const route of routes) {
      const property = String(route.uri ?? "").match(/^\$\{([^:}]+)(:.*)?\}$/)?.[1];
      if (!property) {
        fail(`${basename(file)} route ${route.id}`, `uri ${route.uri} is not a property a deployment can set`);
        continue;
      }
      required.push({ route: route.id, property, variables: variablesFor(property, properties) });
    }
  }
}
if (!required.length) fail(args.gateway.join(" "), "no gateway routes found");
console.log(`gateway routes: ${required.length} (${[...new Set(required.flatMap((r) => r.variables[0]))].join(", ")})`);

function checkEnvironment(where, environment) {
  for (const { route, property, variables } of required) {
    const set = variables.find((name) => environment.has(name) && String(environment.get(name) ?? "").trim() !== "");
    if (!set) fail(where, `route ${route}: ${variables[0]} (${property}) is not set, the gateway would route to its localhost default`);
  }
}

for (const file of args.compose) {
  const gateway = readYaml(file)[0]?.services?.gateway;
  if (!gateway) { fail(file, "no gateway service"); continue; }
  const environment = Array.isArray(gateway.environment)
    ? new Map(gateway.environment.map((entry) => { const [k, ...v] = String(entry).split("="); return [k, v.join("=")]; }))
    : new Map(Object.entries(gateway.environment ?? {}));
  checkEnvironment(`${basename(file)} service gateway`, environment);
}

for (const file of args.k8s) {
  const objects = readYaml(file);
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const gateway = objects.find((o) => o.kind === "Deployment" && o.metadata?.labels?.["app.kubernetes.io/name"] === "gateway")
    ?? named("Deployment", "gateway");
  if (!gateway) { fail(file, "no gateway Deployment"); continue; }
  for (const container of gateway.spec.template.spec.containers) {
    const environment = new Map();
    for (const source of container.envFrom ?? []) {
      const ref = source.configMapRef ?? source.secretRef;
      const object = named(source.configMapRef ? "ConfigMap" : "Secret", ref?.name);
      // a Secret created out of band (prod) is not in the render: what it holds cannot be seen here
      for (const [key, value] of Object.entries(object?.data ?? {})) environment.set(`${source.prefix ?? ""}${key}`, value);
      for (const [key, value] of Object.entries(object?.stringData ?? {})) environment.set(`${source.prefix ?? ""}${key}`, value);
    }
    for (const variable of container.env ?? []) environment.set(variable.name, variable.value ?? (variable.valueFrom ? "(from a reference)" : ""));
    checkEnvironment(`${basename(file)} Deployment/${gateway.metadata.name} container ${container.name}`, environment);
  }
}

if (failures) {
  console.error(`${failures} gateway route(s) without their service's address`);
  process.exit(1);
}
console.log(`every gateway route has its service's address in ${args.compose.length + args.k8s.length} deployment(s)`);
