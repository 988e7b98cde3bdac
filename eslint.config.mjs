// ESLint (flat config): @eslint/js and typescript-eslint recommended everywhere; on the Pulumi
// program (index.ts, components/, lib/, harness/) also @pulumi/eslint-plugin's type-aware rules,
// which catch a pulumi.Output interpolated into a plain template literal. Formatting is Prettier's
// (eslint-config-prettier turns the conflicting rules off).
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
    {
        ignores: [
            "node_modules/",
            "dist/",
            "policy/node_modules/",
            ".build/",
            ".venv/",
            "local/out/",
            "bench/results/",
            "bench/out/",
            "functions/ingest-api/validators.generated.js",
        ],
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        languageOptions: { globals: globals.node },
        rules: {
            // Mock monitors, SDK payloads and recorded resources are untyped by nature.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // `import x = require("./validators.generated")`: the generated validators are CommonJS.
            "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
        },
    },
    {
        files: ["test/**/*.ts"],
        rules: {
            // chai's property assertions (`expect(x).to.be.empty`) are expressions.
            "@typescript-eslint/no-unused-expressions": "off",
            // Tests load freshly built bundles by path.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["index.ts", "components/**/*.ts", "lib/**/*.ts", "harness/**/*.ts", "examples/**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    prettier,
);
