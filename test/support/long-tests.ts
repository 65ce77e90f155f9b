// Tests in the workflow and e2e tiers start servers and whole processes; their own deadlines are inside the tests.
jest.setTimeout(180_000);
