#!/bin/bash
# Install the students' JupyterLab settings into the environment of the given Python
# (sys.prefix level): French interface, no "Jupyter news" prompt, nbgrader's instructor
# tools hidden, nbgrader's Validate running every cell. Used by binder/postBuild and `make setup`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="$("${1:-python}" -c 'import sys; print(sys.prefix)')"
install -Dm644 "$here/overrides.json" "$prefix/share/jupyter/lab/settings/overrides.d/casekit.json"
install -Dm644 "$here/page_config.json" "$prefix/etc/jupyter/labconfig/page_config.d/casekit.json"
install -Dm644 "$here/nbgrader_config.py" "$prefix/etc/jupyter/nbgrader_config.py"
