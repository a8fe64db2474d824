-- Policy rules per scope (the global default is scope '') and the teams each rule requires.
-- Plain SQL that H2 and PostgreSQL both run. Step 1 of the runner before Flyway.
CREATE TABLE policy_rules (scope VARCHAR(255) NOT NULL PRIMARY KEY,
  require_content_trust BOOLEAN NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by VARCHAR(255) NOT NULL);

CREATE TABLE policy_rule_teams (scope VARCHAR(255) NOT NULL REFERENCES policy_rules (scope) ON DELETE CASCADE,
  team VARCHAR(511) NOT NULL, PRIMARY KEY (scope, team));
