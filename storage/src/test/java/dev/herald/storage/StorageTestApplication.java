package dev.herald.storage;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The storage module alone, on a real PostgreSQL, for its integration tests. */
@SpringBootApplication
public class StorageTestApplication {}
