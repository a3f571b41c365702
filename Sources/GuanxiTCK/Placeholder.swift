// GuanxiTCK: the Gherkin runner for ../shared/tck lands here with the query engine.
