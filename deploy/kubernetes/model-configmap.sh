#!/bin/sh
# deploy/kubernetes/model-configmap.sh: a model file as a Kubernetes ConfigMap (binaryData).
# Course topic: shipping the model beside the image, not inside it: a new model is a new
# ConfigMap, not a new image. (kubectl create configmap glassbox-model --from-file=model.bin
# --dry-run=client -o yaml does the same where kubectl is installed.)
# Usage: sh deploy/kubernetes/model-configmap.sh [model.bin] > model-configmap.yaml
set -eu
model=${1:-model.bin}
if [ ! -f "$model" ]; then
    echo "model-configmap.sh: $model is not a file; give the model file to put in the ConfigMap." >&2
    exit 1
fi
# A ConfigMap holds at most 1 MiB; base64 makes the file a third larger.
size=$(wc -c < "$model")
if [ "$size" -gt 700000 ]; then
    echo "model-configmap.sh: $model is $size bytes; a ConfigMap holds 1 MiB (about 750 KiB of file once in base64): use a volume instead." >&2
    exit 1
fi
cat <<YAML
# The model file for deploy/kubernetes/deployment.yaml, mounted at /models/model.bin.
# Made by deploy/kubernetes/model-configmap.sh from $(basename "$model") ($size bytes).
apiVersion: v1
kind: ConfigMap
metadata:
  name: glassbox-model
  labels:
    app.kubernetes.io/name: glassbox
binaryData:
  model.bin: $(base64 -w0 "$model")
YAML
