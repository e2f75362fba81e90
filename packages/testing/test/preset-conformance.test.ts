import { definePreset } from "@jazz-auth/core";
import { presetConformance } from "@jazz-auth/testing/conformance";

/** A preset for a made-up provider, to run the suite itself (the provider packages run it for real). */
const example = definePreset({
  id: "example",
  displayName: "Example IdP",
  issuer: "https://idp.example.com/",
  audience: "https://api.example.com",
  jwksUrl: "https://idp.example.com/.well-known/jwks.json",
  algorithms: ["RS256"],
  subject: {
    description: "`user_` and 24 letters or digits",
    example: "user_abcdefghijkl0123456789ab",
    pattern: /^user_[a-z0-9]{24}$/,
  },
  claims: { nestedRecipe: 'Add `"claims": { "role": "{{user.role}}" }` to the token template.' },
  jazzServer: { jwksUrl: "https://idp.example.com/.well-known/jwks.json", safe: true },
  docsUrl: "https://idp.example.com/docs/jwt",
});

presetConformance("example", {
  preset: example,
  mint: (defaults) => ({ ...defaults, azp: "https://app.example.com", claims: { role: "member" } }),
  negatives: [
    {
      name: "a token for another API of the tenant",
      claims: (d) => ({ ...d, aud: "https://other-api.example.com" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
  ],
});
