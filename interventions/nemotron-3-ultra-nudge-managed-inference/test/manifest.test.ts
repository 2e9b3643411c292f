import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawRequestBody: {
      insertSystemMessage: {
        content:
          "You cannot run commands, write files or use tools in this conversation. When the answer involves code or commands, write out all of it in your reply: every step, command and file the user needs, in order, without leaving any step out.",
        unlessToolsOffered: [
          "bash",
          "bash_execute",
          "exec",
          "execute",
          "execute_command",
          "shell",
          "shell_execute",
          "run_command",
          "run_shell",
          "write",
          "write_file",
          "file_write",
          "edit",
          "edit_file",
          "file_edit",
          "notebook_edit",
          "patch_file",
          "file_patch",
          "create_file",
          "file_create",
          "apply_patch",
          "str_replace_editor",
          "computer",
          "tool_call",
        ],
      },
    },
  },
  upstreamEffects: null,
  matches: [
    managedRoute("nvidia/nemotron-3-ultra-550b-a55b"),
    { ...managedRoute("nvidia/nemotron-3-ultra-550b-a55b"), upstreamProvider: "nvidia-prod" },
  ],
  misses: [
    { route: managedRoute("nvidia/nemotron-3-super-120b-a12b"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("nvidia/nemotron-3-ultra"), failsOn: "modelIdPrefixes" },
    {
      route: { ...managedRoute("nvidia/nemotron-3-ultra-550b-a55b"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
    {
      route: {
        ...managedRoute("nvidia/nemotron-3-ultra-550b-a55b"),
        baseUrl: "https://integrate.api.nvidia.com/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
