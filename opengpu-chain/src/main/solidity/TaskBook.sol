// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// One OpenGPU task Relay ran. It lives at an address fixed by its task id (CREATE2 from the book), so the gateway
/// can name that address in its answer before settlement-service creates the contract, and the contract is created
/// once: a second payment for the same task cannot happen, it reverts.
contract OpenGpuTask {
    address public immutable book;
    bytes32 public taskKey;
    address public provider;
    uint256 public amount;

    constructor() payable {
        book = msg.sender;
    }

    /// Pays the provider everything this task holds; only its book calls it, in the transaction that created it.
    function pay(bytes32 key, address payable to) external {
        require(msg.sender == book, "only the book");
        require(provider == address(0), "already paid");
        taskKey = key;
        provider = to;
        amount = address(this).balance;
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "payment refused");
    }
}

/// Relay's book of OpenGPU tasks on one chain: the operator settles a task by creating it with the provider's pay.
/// The operator is a constructor argument (not the sender), so whoever deploys it through the standard CREATE2
/// deployer gets the same book at the same address, and it obeys only that operator.
contract TaskBook {
    address public immutable operator;

    event TaskSettled(bytes32 indexed taskKey, address indexed task, address indexed provider, uint256 amount);

    constructor(address operator_) {
        operator = operator_;
    }

    function settle(bytes32 taskKey, address payable provider) external payable returns (address task) {
        require(msg.sender == operator, "only the operator");
        require(provider != address(0), "no provider");
        OpenGpuTask created = new OpenGpuTask{salt: taskKey, value: msg.value}();
        created.pay(taskKey, provider);
        task = address(created);
        emit TaskSettled(taskKey, task, provider, msg.value);
    }

    /// Where the task with this key lives (or will): what the gateway computes off chain.
    function taskAddress(bytes32 taskKey) external view returns (address) {
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), taskKey,
                keccak256(type(OpenGpuTask).creationCode)));
        return address(uint160(uint256(hash)));
    }
}
