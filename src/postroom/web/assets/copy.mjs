// Copies GOV.UK Frontend's images and script, and our own scripts, next to the stylesheet.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "src/postroom/web/static/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/assets/images`, `${to}/assets/images`, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
// Postroom's own small scripts.
cpSync("src/postroom/web/assets/live-sections.js", "src/postroom/web/static/live-sections.js");
