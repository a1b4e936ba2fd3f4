import Foundation

extension TauDomain {
    /// tau-bench's retail domain: an online store's orders, products and users, and the 16
    /// tools its agent is offered, in upstream order.
    public static let retail = TauDomain(
        name: "retail",
        tools: [
            Calculate(),
            RetailCancelPendingOrder(),
            RetailExchangeDeliveredOrderItems(),
            RetailFindUserIdByEmail(),
            RetailFindUserIdByNameZip(),
            RetailGetOrderDetails(),
            RetailGetProductDetails(),
            RetailGetUserDetails(),
            RetailListAllProductTypes(),
            RetailModifyPendingOrderAddress(),
            RetailModifyPendingOrderItems(),
            RetailModifyPendingOrderPayment(),
            RetailModifyUserAddress(),
            RetailReturnDeliveredOrderItems(),
            Think(),
            TransferToHumanAgents(),
        ],
        tables: ["orders", "products", "users"])
}
