/**
 * The components as a Pulumi component package for Python, Go, .NET, Java and YAML programs:
 * PulumiPlugin.yaml names this file, which Pulumi's Node.js language host runs (with ts-node) when
 * a program runs `pulumi package add <this repository's path or git URL>`. componentProviderHost
 * serves the schema the SDK's analyzer infers from the components' args (the same as the committed
 * schema/schema.json, scripts/package-schema.ts) and constructs the components on `pulumi up`.
 * The analyzer reads tsconfig.json and enters the sources at index.ts (package.json's `exports`
 * and `main` name dist/ files, which a git checkout does not have), which reaches every component.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { PLUGIN_COMPONENTS, PLUGIN_NAME } from "./components/plugin";

componentProviderHost({ name: PLUGIN_NAME, dirname: __dirname, components: PLUGIN_COMPONENTS }).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
