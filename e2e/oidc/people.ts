/** Who can sign in at the test provider (any password), and the groups the console maps to roles. */
export const E2E_PEOPLE = {
  viewer: { name: "Vera Viewer", email: "vera@example.com", groups: ["everyone", "trellis-viewers"] },
  operator: { name: "Otto Operator", email: "otto@example.com", groups: ["everyone", "trellis-operators"] },
  stranger: { name: "Sam Stranger", email: "sam@example.com", groups: ["everyone"] },
} as const;

export type E2EPerson = keyof typeof E2E_PEOPLE;
