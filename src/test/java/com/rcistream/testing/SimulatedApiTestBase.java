package com.rcistream.testing;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.simulator.Simulator;
import com.rcistream.state.CheckpointStore;

/** What the black-box tests share: the way in (a sweep), the simulator, and a clean slate after each test. */
public abstract class SimulatedApiTestBase {

    @Inject
    protected ProducerTemplate producer;

    @Inject
    protected Simulator simulator;

    @Inject
    protected CheckpointStore checkpoints;

    @Inject
    protected ObjectMapper mapper;

    @AfterEach
    void resetSimulatorAndCheckpoint() {
        simulator.reset();
        // a sweep a test stopped on purpose must not make the next test resume in the middle
        checkpoints.clear("");
    }
}
