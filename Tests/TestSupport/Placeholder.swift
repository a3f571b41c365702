// Test support: fixtures and marker extraction shared by the test targets.
