package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.extract.ExtractSummary;

/**
 * What one invocation did: the run written, or, when the extract failed permanently (a retry cannot
 * help: the source schema breaks the contract, a table is missing, the login is refused), the
 * reason and no run. Transient failures are thrown instead, so Lambda retries them.
 */
public record ExtractReport(ExtractSummary run, String failure) {}
