// Entry point of the private function "relay/core": scripts/build.mjs bundles src/core into this one file.
export * from '../../core';
