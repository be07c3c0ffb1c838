#!/usr/bin/env bash
# Records each topic schema that changed since its newest release as the next version in
# schemas/released/<topic>/v<N>.avsc (SchemaCompatibilityTest.main). Run it in the change that edits a
# schema; SchemaCompatibilityTest then checks every later change against it.
set -euo pipefail
cd "$(dirname "$0")/../schemas"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -Dcheckstyle.skip test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.footfall.schemas.SchemaCompatibilityTest
