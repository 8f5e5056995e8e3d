package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.credentials.PoolLifecycle;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The warehouse pool's timeouts and SnapStart hook ({@link PoolLifecycle}), bound to its
 * datasource.
 */
@ApplicationScoped
@DataSource("warehouse")
public class WarehousePool extends PoolLifecycle {}
