#!/usr/bin/python3
# tests/deploy/check_kubernetes.py: deploy/kubernetes/ checked without a cluster.
# Course topic: what `kubectl apply` would take on trust: the manifests parse, carry the
# fields the API server requires, agree with each other (labels, ports, names), and their
# probes ask a live glassbox for routes it really serves. Run by tests/deploy/kubernetes_test.cpp.
# Usage: check_kubernetes.py MANIFEST_DIR CONFIGMAP.yaml MODEL_FILE http://127.0.0.1:PORT
# Prints one line per problem and exits 1, or prints "ok: ..." and exits 0.
import base64
import json
import pathlib
import re
import sys
import urllib.error
import urllib.request

import yaml  # Debian's python3-yaml

problems = []


def problem(text):
    problems.append(text)


def field(document, path, where):
    """The value at a dotted path ("spec.template.spec"), or None with a problem said."""
    value = document
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            problem(f"{where}: {path} is missing")
            return None
        value = value[key]
    return value


def quantity(text):
    """A Kubernetes quantity ("250m", "32Mi", "1") as a number (cores or bytes)."""
    units = {"m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([0-9.]+)(m|k|M|G|Ki|Mi|Gi|)", str(text))
    if not match:
        problem(f"'{text}' is not a Kubernetes quantity")
        return 0
    return float(match.group(1)) * units[match.group(2)]


def option(args, name):
    """The value after `name` in a container's args, or None."""
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None


def main():
    manifest_dir, configmap_file, model_file, base_url = sys.argv[1:5]
    documents = {}
    for path in sorted(pathlib.Path(manifest_dir).glob("*.yaml")) + [pathlib.Path(configmap_file)]:
        try:
            for document in yaml.safe_load_all(path.read_text()):
                if document is None:
                    continue
                for key in ("apiVersion", "kind", "metadata"):
                    if key not in document:
                        problem(f"{path.name}: no {key}")
                documents[document.get("kind")] = (path.name, document)
        except yaml.YAMLError as error:
            problem(f"{path.name}: not YAML: {error}")
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "ConfigMap"):
        if kind not in documents:
            problem(f"no {kind} among the manifests")
    if problems:
        return

    # The routes glassbox serves, from the live server's own OpenAPI document.
    with urllib.request.urlopen(base_url + "/openapi.json", timeout=10) as answer:
        routes = json.load(answer)["paths"]

    where, deployment = documents["Deployment"]
    if deployment["apiVersion"] != "apps/v1":
        problem(f"{where}: apiVersion is {deployment['apiVersion']}, not apps/v1")
    if (field(deployment, "spec.replicas", where) or 0) < 2:
        problem(f"{where}: fewer than 2 replicas: one restart would leave no pod to answer")
    labels = field(deployment, "spec.template.metadata.labels", where) or {}
    selector = field(deployment, "spec.selector.matchLabels", where) or {}
    if not selector or any(labels.get(k) != v for k, v in selector.items()):
        problem(f"{where}: spec.selector.matchLabels {selector} does not select the pod labels {labels}")
    pod = field(deployment, "spec.template.spec", where) or {}
    containers = pod.get("containers") or []
    if len(containers) != 1:
        problem(f"{where}: expected one container, found {len(containers)}")
        return
    container = containers[0]
    for key in ("name", "image", "args", "ports", "readinessProbe", "livenessProbe", "resources"):
        if key not in container:
            problem(f"{where}: the container has no {key}")
    args = [str(a) for a in container.get("args", [])]
    port = option(args, "--port")
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
    if port is None or ports.get("http") != int(port):
        problem(f"{where}: the container port named http ({ports.get('http')}) is not --port ({port})")
    if option(args, "--host") not in ("0.0.0.0", "::"):
        problem(f"{where}: --host must be 0.0.0.0 or ::: probes and the Service come from outside the pod")

    for probe, route in (("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
        get = field(container, f"{probe}.httpGet", f"{where}: {probe}") or {}
        path = get.get("path")
        if path != route:
            problem(f"{where}: {probe} asks {path}, not {route}")
        if path not in routes or "get" not in routes[path]:
            problem(f"{where}: {probe} asks {path}, which glassbox does not serve (GET /openapi.json)")
        else:
            try:
                with urllib.request.urlopen(base_url + path, timeout=10) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                problem(f"{where}: {probe}: a live glassbox answers GET {path} with {status}")
        if get.get("port") not in ("http", ports.get("http")):
            problem(f"{where}: {probe} port {get.get('port')} is not the container's http port")

    drain = option(args, "--drain-seconds")
    grace = pod.get("terminationGracePeriodSeconds", 30)
    if drain is None or int(drain) <= 0:
        problem(f"{where}: no --drain-seconds: SIGTERM would stop the server at once")
    elif grace <= int(drain):
        problem(f"{where}: terminationGracePeriodSeconds {grace} is not longer than --drain-seconds {drain}")

    resources = container.get("resources", {})
    requests, limits = resources.get("requests", {}), resources.get("limits", {})
    for key in ("cpu", "memory"):
        if key not in requests:
            problem(f"{where}: no resources.requests.{key}")
    if "memory" not in limits:
        problem(f"{where}: no resources.limits.memory")
    elif quantity(limits["memory"]) < quantity(requests.get("memory", "0")):
        problem(f"{where}: the memory limit is under the request")
    body_memory = option(args, "--max-body-memory")
    if "memory" in limits and (body_memory is None or int(body_memory) >= quantity(limits["memory"]) / 2):
        problem(f"{where}: --max-body-memory ({body_memory}) must be well under the memory limit {limits['memory']}")

    # The model: --model NAME=PATH lies in a mounted volume that is the ConfigMap.
    model = option(args, "--model") or ""
    model_path = model.partition("=")[2]
    mounts = [m for m in container.get("volumeMounts", []) if model_path.startswith(m["mountPath"].rstrip("/") + "/")]
    if not mounts:
        problem(f"{where}: --model {model} is in no volumeMount")
    else:
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        volume = volumes.get(mounts[0]["name"], {})
        cm_where, configmap = documents["ConfigMap"]
        if volume.get("configMap", {}).get("name") != configmap["metadata"]["name"]:
            problem(f"{where}: volume {mounts[0]['name']} is not the ConfigMap {configmap['metadata']['name']}")
        key = model_path[len(mounts[0]["mountPath"].rstrip("/")) + 1:]
        data = configmap.get("binaryData", {}).get(key)
        if data is None:
            problem(f"{cm_where}: no binaryData key {key}")
        elif base64.b64decode(data) != pathlib.Path(model_file).read_bytes():
            problem(f"{cm_where}: binaryData {key} is not the bytes of {model_file}")

    where, service = documents["Service"]
    if service["apiVersion"] != "v1":
        problem(f"{where}: apiVersion is {service['apiVersion']}, not v1")
    service_selector = field(service, "spec.selector", where) or {}
    if not service_selector or any(labels.get(k) != v for k, v in service_selector.items()):
        problem(f"{where}: spec.selector {service_selector} does not select the pod labels {labels}")
    for entry in field(service, "spec.ports", where) or []:
        if entry.get("targetPort") not in ("http", ports.get("http")):
            problem(f"{where}: targetPort {entry.get('targetPort')} is not the container's http port")

    where, hpa = documents["HorizontalPodAutoscaler"]
    if hpa["apiVersion"] != "autoscaling/v2":
        problem(f"{where}: apiVersion is {hpa['apiVersion']}, not autoscaling/v2")
    target = field(hpa, "spec.scaleTargetRef", where) or {}
    if target.get("kind") != "Deployment" or target.get("name") != deployment["metadata"]["name"]:
        problem(f"{where}: scaleTargetRef {target} is not the Deployment {deployment['metadata']['name']}")
    low, high = hpa["spec"].get("minReplicas", 1), field(hpa, "spec.maxReplicas", where) or 0
    if low < 2 or high < low:
        problem(f"{where}: minReplicas {low} / maxReplicas {high}: at least 2, and max >= min")
    for metric in hpa["spec"].get("metrics", []):
        name = metric.get("resource", {}).get("name")
        if metric.get("type") == "Resource" and name not in requests:
            problem(f"{where}: scales on {name} utilisation, but the container requests no {name}")

    if not problems:
        print(f"ok: {len(documents)} manifests; probes {sorted(r for r in routes if r.startswith('/health/'))} "
              f"served; port {port}; grace {grace} s > drain {drain} s")


main()
for line in problems:
    print("error:", line)
sys.exit(1 if problems else 0)
