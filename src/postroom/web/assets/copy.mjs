// Copies GOV.UK Frontend's images and script next to the built stylesheet.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "src/postroom/web/static/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/assets/images`, `${to}/assets/images`, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
