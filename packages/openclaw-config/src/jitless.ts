import { config } from "zod";

// The CLI validates each file it reads once, so zod's compiled fast path for objects (generated with `new Function`
// on a schema's first parse) costs more than it saves. zod decides per schema when the schema is built, so this
// module must run before any schema module: the CLI entry imports it first.
config({ jitless: true });
