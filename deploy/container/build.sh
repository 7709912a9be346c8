#!/bin/sh
# deploy/container/build.sh: the glassbox image, with no container registry at all.
# Course topic: where a base image comes from: mmdebstrap installs Debian 12 (minbase) from
# Debian's archive into a tarball, `podman import` makes it the image localhost/debian:bookworm,
# and the Containerfile builds on that. Needs root (rootful podman), mmdebstrap and podman.
# Usage: sh deploy/container/build.sh [podman build options]   (minutes: packages, then a build)
#   e.g. --build-arg JOBS=1 (one compile at a time), --runtime runc, --network host
# Then:  podman run -d --name glassbox -p 127.0.0.1:8000:8000 localhost/glassbox:latest
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
base=localhost/debian:bookworm
for tool in mmdebstrap podman; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build.sh: $tool is not installed: apt-get install --no-install-recommends mmdebstrap podman" >&2
        exit 1
    fi
done

if ! podman image exists "$base"; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # minbase: the Essential packages and apt, nothing else (about 100 MB unpacked).
    mmdebstrap --variant=minbase bookworm "$work/bookworm.tar" \
        "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
        "deb $security bookworm-security main"
    podman import --change 'CMD ["/bin/bash"]' "$work/bookworm.tar" "$base"
fi

# --format docker: OCI images have no HEALTHCHECK; podman would drop it with a warning.
# The ignore file keeps build trees and .git out of the context sent to the build.
podman build --format docker --ignorefile "$root/deploy/container/containerignore" \
    -f "$root/deploy/container/Containerfile" -t localhost/glassbox:latest "$@" "$root"
