#!/usr/bin/env node
// The "loaded machine": one process that keeps a core busy until the bench ends it.
for (;;);
