package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.credentials.PoolLifecycle;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The totesys pool's timeouts and SnapStart hook ({@link PoolLifecycle}), bound to its datasource.
 */
@ApplicationScoped
@DataSource("totesys")
public class TotesysPool extends PoolLifecycle {}
