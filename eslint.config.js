// ESLint flat config (ADR 025). The import rules below keep the layers of
// docs/architecture.md pointing one way: routes → components → feature modules
// → domain/utils → db. Formatting is Prettier's job (eslint-config-prettier last).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Modules that do I/O: the domain computes, it never reads or writes.
const IO_MODULES = [
  "fs",
  "fs/promises",
  "net",
  "http",
  "https",
  "child_process",
  "worker_threads",
  "dgram",
  "dns",
  "tls",
].flatMap((name) => [name, `node:${name}`]);
const IO_PACKAGES = ["pg", "better-sqlite3", "kysely", "pino", "express", "exceljs", "pdfkit"];

// A `*.server` module is server-only; Remix strips loaders and actions from the
// browser bundle, but a component or browser module importing one would ship
// (or break on) server code. Type-only imports are erased at build, so they may.
const NO_SERVER_MODULES = {
  regex: "\\.server(\\.tsx?)?$",
  allowTypeImports: true,
  message: "Browser-bundled modules must not import *.server modules (server-only code); `import type` is fine.",
};

// The layers of docs/architecture.md, lowest first. A module may import modules of
// lower layers, never of a higher layer nor a sibling of its own layer, so no arrow
// between folders can point back up or both ways. (db/ sits above the domain: it
// stores the domain's vocabulary.)
const LAYERS = [
  ["./app/utils"],
  ["./app/domain"],
  ["./app/i18n", "./db"],
  ["./app/config.server.ts", "./app/ingest"],
  ["./app/context.ts", "./app/page-cache.server.ts", "./app/error-page.server.ts"],
  ["./app/auth"],
  ["./app/devices", "./app/root.server.ts", "./app/dossiers"],
  ["./app/kiosk", "./app/reports", "./app/suspects"],
  ["./app/admin", "./app/api", "./app/ops", "./app/phone"],
  ["./app/cases", "./app/officers"],
  ["./app/alerts", "./app/setup"],
  ["./app/components"],
  ["./app/root.tsx"],
  ["./app/routes", "./app/entry.server.tsx", "./app/http.server.ts", "./app/context.server.ts"],
  ["./app/cli"],
  ["./app/cli.ts", "./app/server.ts"],
];

function layerZones(layers) {
  return layers.flatMap((layer, i) => {
    const above = layers.slice(i + 1).flat();
    return layer.map((target) => ({
      target,
      from: [...above, ...layer.filter((other) => other !== target)],
      message: `Layers point one way (docs/architecture.md): ${target.slice(2)} may import only lower layers.`,
    }));
  });
}

const OTHER_ZONES = [
  {
    // The kiosk's IndexedDB outbox and controller run only in the browser; a
    // server module needing one of their constants takes it from a shared module.
    target: ["./app/**/*.server.ts", "./app/**/*.server.tsx", "./db/**"],
    from: ["./app/kiosk/outbox.ts", "./app/kiosk/client.ts"],
    message: "Server code must not import browser-only kiosk modules (outbox, client).",
  },
  {
    // Routes are entry points: Remix finds them by their folder (its build's route
    // table), so no module, test or tool imports one; shared code lives below them.
    target: ".",
    from: "./app/routes",
    message: "Nothing imports a route file; move what is shared into a module below routes.",
  },
  {
    // Frozen migrations must not change when app code changes.
    target: "./db/migrations",
    from: "./app",
    message: "A migration is frozen: it never imports app code.",
  },
];

export default tseslint.config(
  {
    // Generated or scratch output (as in .gitignore).
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      "data/",
      "test-results/",
      "tests/.tmp/",
      "bench-results/",
      "bench-data/",
    ],
  },

  js.configs.recommended,
  tseslint.configs.recommended,
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,

  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.node },
    },
    settings: {
      // Resolves the tsconfig paths `~/`, `~db/`, `~locales/` so the import rules see real files.
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      // Type-checking already reports unresolved modules, and import-x cannot see
      // Remix's virtual or CSS `?url` imports.
      "import-x/no-unresolved": "off",
      // TypeScript already checks default and namespace members; import-x/namespace
      // re-parses every imported module and cost ~18 % of the lint time.
      "import-x/namespace": "off",
      "import-x/default": "off",
      // `fc.integer()`, `ExcelJS.Workbook`, `i18next.createInstance()` are how those
      // libraries document their use; the warning would push against their docs.
      "import-x/no-named-as-default-member": "off",
      // `_`-prefixed names are the deliberate "unused" marker (destructuring out, ignored args).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // A circle between modules makes load order matter and hides which layer owns what.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: [...layerZones(LAYERS), ...OTHER_ZONES] }],
    },
  },

  // Type-aware rules where they catch real bugs: a promise nobody awaits loses its
  // error (and, in a handler, the answer); a promise passed where a void callback is
  // expected is never awaited either.
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },

  // SQL lives in db/ (repositories, compiled queries): app code calls a named
  // repository function, so every statement can be found, reviewed and run on both dialects.
  {
    files: ["app/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|executeQuery)$/]",
          message: "SQL only in db/: add or use a function in db/repositories/.",
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql']",
          message: "SQL only in db/: add or use a function in db/repositories/.",
        },
        {
          // better-sqlite3's own statements on a database handle. `.exec` is also a
          // RegExp's: a regex literal or an UPPER_CASE pattern constant is not flagged.
          selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]",
          message: "SQL only in db/: a statement on a database handle belongs in a db/ function.",
        },
        {
          selector:
            "CallExpression[callee.property.name='exec']:not([callee.object.regex]):not([callee.object.name=/^[A-Z][A-Z0-9_]*$/])",
          message:
            "SQL only in db/: a statement on a database handle belongs in a db/ function (a RegExp's exec: a regex literal or an UPPER_CASE constant).",
        },
      ],
    },
  },

  // React: the app's components and routes.
  {
    files: ["app/**/*.tsx"],
    ...react.configs.flat.recommended,
    languageOptions: { ...react.configs.flat.recommended.languageOptions },
    settings: { react: { version: "18.3" } },
  },
  react.configs.flat["jsx-runtime"],
  { files: ["app/**/*.tsx"], ...reactHooks.configs.flat.recommended },
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // TypeScript types the props; prop-types would repeat them.
      "react/prop-types": "off",
      // A table that scrolls sideways sits in a labelled `role="region"` that takes focus, so a
      // keyboard can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable): allowed here once.
      "jsx-a11y/no-noninteractive-tabindex": [
        "error",
        { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true },
      ],
    },
  },

  // Code that may end up in the browser bundle: everything in app/ that is not a
  // `*.server` module, a route module (Remix strips its loader/action; root.tsx is
  // the root route) or a Node entry (server, CLI).
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: [
      "app/**/*.server.ts",
      "app/**/*.server.tsx",
      "app/routes/**",
      "app/root.tsx",
      "app/server.ts",
      "app/cli.ts",
      "app/cli/**",
    ],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_SERVER_MODULES] }],
    },
  },
  // The domain: additionally no I/O module.
  {
    files: ["app/domain/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [...IO_MODULES, ...IO_PACKAGES].map((name) => ({
            name,
            message: "app/domain is pure: no I/O (files, network, database, logging).",
          })),
          patterns: [NO_SERVER_MODULES],
        },
      ],
    },
  },

  // Migrations are frozen and typed `Kysely<any>` (Kysely's documented form): a
  // migration must not depend on today's table types, which change after it.
  {
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },

  // The service worker runs in the browser's worker scope.
  {
    files: ["public/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker } },
  },

  // Tests and tools: the same rules, type-aware promise rules included (an
  // unawaited assertion passes silently), but fixtures and fakes may use `any`.
  {
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },

  // Must stay last: turns off the stylistic rules Prettier owns.
  prettier
);
