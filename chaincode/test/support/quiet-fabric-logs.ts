// fabric-contract-api logs every decorator at info level when the contract class is defined; the
// level is read when its loggers are created, so this must run before the contract is imported.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
