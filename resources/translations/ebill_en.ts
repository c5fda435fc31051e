<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountHitsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="17"/>
        <source>Account no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="18"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="19"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="20"/>
        <source>Meter no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="21"/>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="22"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="23"/>
        <source>Outstanding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AllocationModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="82"/>
        <source>Surcharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="83"/>
        <source>Arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="84"/>
        <source>Current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="85"/>
        <source>Advance (credit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="88"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="90"/>
        <source>Pays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="92"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="87"/>
        <source>Supervisor approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="97"/>
        <source>A supervisor must approve this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="100"/>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="132"/>
        <source>Asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="106"/>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="133"/>
        <source>Asked by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="112"/>
        <source>Supervisor login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="116"/>
        <source>Supervisor password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="119"/>
        <source>Approval message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="124"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="135"/>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="138"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="140"/>
        <source>&amp;Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="142"/>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="169"/>
        <source>The supervisor types their login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="172"/>
        <source>The supervisor types their password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="177"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/approval_dialog.py" line="203"/>
        <source>Could not check the approval: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="97"/>
        <source>Taken at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="101"/>
        <source>Receipt no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="102"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="104"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="109"/>
        <source>Why head office did not take it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="133"/>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="134"/>
        <source>Payments needing attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="141"/>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="181"/>
        <source>Payments head office could not take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="148"/>
        <source>Who decided, and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="150"/>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="151"/>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="153"/>
        <source>&amp;Set aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="155"/>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="157"/>
        <source>Chosen payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="159"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="161"/>
        <source>About this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="166"/>
        <source>Head office received these payments but could not post them. Retry sends one again (after head office has fixed the cause). Set aside (supervisors) marks one as dealt with by hand; the note is kept with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="222"/>
        <source>Nothing needs attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="228"/>
        <source>The list could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="237"/>
        <source>Receipt {receipt}, payment {item}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="263"/>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="318"/>
        <source>Only a supervisor can set a payment aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="266"/>
        <source>Write a note first: who decided to set it aside, and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="270"/>
        <source>retried from the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="284"/>
        <source>Receipt {receipt} will be sent again now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/attention_view.py" line="286"/>
        <source>Receipt {receipt} was set aside.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BillView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="182"/>
        <source>Bill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="184"/>
        <source>Consumer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="187"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="189"/>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="277"/>
        <source>Payable by the due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="191"/>
        <source>After the due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="193"/>
        <source>Data as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="195"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="210"/>
        <source>Charges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="214"/>
        <source>Readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="225"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="226"/>
        <source>Bill date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="227"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="228"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="229"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="230"/>
        <source>Units billed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="231"/>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="232"/>
        <source>Cheque due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="233"/>
        <source>Disconnection from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="234"/>
        <source>Rebate if early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="235"/>
        <source>Rounding carried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="240"/>
        <source>Account no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="241"/>
        <source>Legacy no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="242"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="243"/>
        <source>Tariff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="244"/>
        <source>Supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="245"/>
        <source>Sanctioned load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="246"/>
        <source>Office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="247"/>
        <source>Pole / transformer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="248"/>
        <source>Mobile, e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="254"/>
        <source>Current charges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="255"/>
        <source>By due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="256"/>
        <source>Arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="257"/>
        <source>After due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="258"/>
        <source>Surcharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="259"/>
        <source>Paid so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="260"/>
        <source>Still due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="288"/>
        <source>Lighter bars: estimated readings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="292"/>
        <source>Charges and readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="300"/>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="301"/>
        <source>Consumption, 12 bills to this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="305"/>
        <source>F8: take payment   ·   Esc: back to the consumer   ·   F1: all shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="329"/>
        <source>Loading bill {bill}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="354"/>
        <source>Bill {bill} is not in this terminal&apos;s data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="355"/>
        <source>Bill not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="365"/>
        <source>{amount} after {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="379"/>
        <source>nothing to collect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="386"/>
        <source>{amount} by {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="444"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="445"/>
        <source>Part paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="446"/>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="447"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="453"/>
        <source>Data as of: never synced (demo or first start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="454"/>
        <source>Data as of {moment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="462"/>
        <source>The bill could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="463"/>
        <source>Error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardTender</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="37"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="37"/>
        <source>UPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="40"/>
        <source>Payment terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="42"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="43"/>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="59"/>
        <source>Waiting for the customer on the terminal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="72"/>
        <source>Not sent: {error}. Enter tries again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="80"/>
        <source>Not sent yet. Enter sends it to the terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="83"/>
        <source>Approved {amount}: {card} RRN {rrn} auth {auth}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="90"/>
        <source>Still waiting for the terminal. Enter asks again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="92"/>
        <source>{state}: {why} Enter sends it again; Ctrl+Delete removes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="94"/>
        <source>no money was taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="102"/>
        <source>{tender}: not approved on the terminal yet (Enter sends it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_card.py" line="108"/>
        <source>{tender}: the terminal approved {amount}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="445"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="446"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="446"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CashTender</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="39"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="41"/>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="84"/>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="110"/>
        <source>Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="42"/>
        <source>exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="43"/>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="48"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="46"/>
        <source>&amp;Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="47"/>
        <source>&amp;Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="57"/>
        <source>Add a {note} note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="72"/>
        <source>Cash below {ceiling} per payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_cash.py" line="104"/>
        <source>{short} short</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChargeLinesModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="58"/>
        <source>Charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="60"/>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="66"/>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="71"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChequeBounceDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="73"/>
        <source>Record a bounced cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="83"/>
        <source>The bank returned a cheque of this payment unpaid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="85"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="121"/>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="87"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="122"/>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="93"/>
        <source>Which cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="96"/>
        <source>Tender {n}: cheque {number}, {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="102"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="127"/>
        <source>Cheque no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="103"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="128"/>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="104"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="129"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="105"/>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="130"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="106"/>
        <source>I confirm the bank returned this cheque unpaid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="108"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="113"/>
        <source>Record the bounce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="124"/>
        <source>&amp;Cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="169"/>
        <source>This receipt has no cheque.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="175"/>
        <source>Tick the box to confirm the bank returned the cheque unpaid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="181"/>
        <source>Recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="191"/>
        <source>Only a supervisor or an administrator can record a bounced cheque; ask one to log in at this counter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/cheque_bounce_dialog.py" line="203"/>
        <source>Not recorded: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChosenBillsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="33"/>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="34"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="35"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="36"/>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_models.py" line="37"/>
        <source>Owed today</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="232"/>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="255"/>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="241"/>
        <source>Blind count: count the drawer; what is expected shows after the count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="243"/>
        <source>Count the drawer by denomination.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="246"/>
        <source>Record count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="259"/>
        <source>Export unsynced payments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="293"/>
        <source>Over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="293"/>
        <source>Short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="295"/>
        <source>Counted: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="296"/>
        <source>Expected: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="297"/>
        <source>Even</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="301"/>
        <source>{n} payment(s) not yet synced with head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="304"/>
        <source>They must be exported to a signed file before the close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="308"/>
        <source>A supervisor must approve this close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="359"/>
        <source>Waiting for a supervisor to approve the export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="365"/>
        <source>Shift of {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="377"/>
        <source>Not exported: no supervisor approved it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="389"/>
        <source>Export unsynced payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="391"/>
        <source>Signed export (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="394"/>
        <source>Not exported: no file was chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="405"/>
        <source>Exported {n} payment(s) to {path}. Take the file to head office; the shift can be closed now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CollectionReportView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="135"/>
        <source>Daily collection report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="165"/>
        <source>Save CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="168"/>
        <source>Save PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="171"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="179"/>
        <source>&amp;Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="204"/>
        <source>Reading {day}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="214"/>
        <source>all operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="216"/>
        <source>your own payments ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="219"/>
        <source>{day} · branch {branch} · terminal {terminal} · {who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="228"/>
        <source>No payments on this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="232"/>
        <source>Net {net} (gross {gross}, voided {voided})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="260"/>
        <source>Save CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="260"/>
        <source>Save PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="271"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="275"/>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="277"/>
        <source>Not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CollectionTableModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="87"/>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="89"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/collection_report_view.py" line="89"/>
        <source>All tenders</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsumerView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="67"/>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="69"/>
        <source>Consumer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="72"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="74"/>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="120"/>
        <source>Total due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="77"/>
        <source>Data as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="80"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="92"/>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="156"/>
        <source>Open bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="95"/>
        <source>Recent bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="97"/>
        <source>Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="99"/>
        <source>Payments received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="130"/>
        <source>Lighter bars: estimated readings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="134"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="135"/>
        <source>&amp;Recent bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="136"/>
        <source>Pa&amp;yments received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="137"/>
        <source>&amp;Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="141"/>
        <source>Consumption, last 12 bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="145"/>
        <source>F4: bill   ·   F8: take payment   ·   F7: payments   ·   Esc: back to the search   ·   F1: all shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="166"/>
        <source>Account no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="167"/>
        <source>Legacy no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="168"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="169"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="170"/>
        <source>Office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="171"/>
        <source>Supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="172"/>
        <source>Sanctioned load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="173"/>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="174"/>
        <source>Connected on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="194"/>
        <source>Loading account {account}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="219"/>
        <source>Account {account} is not in this terminal&apos;s data. Check the number, or sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="221"/>
        <source>Account not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="255"/>
        <source>Data as of: never synced (demo or first start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="256"/>
        <source>Data as of {moment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="260"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="261"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="262"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="277"/>
        <source>Scanned bill {bill} is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="280"/>
        <source>Scanned bill {bill} is not among the open bills (paid or replaced).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="302"/>
        <source>The account could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="303"/>
        <source>Error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsumptionChart</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="31"/>
        <source>Consumption chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="50"/>
        <source>No consumption recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="52"/>
        <source>{month}: {units} units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="53"/>
        <source>{month}: {units} units (estimated)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CounterApp</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/counter_app.py" line="89"/>
        <source>ebill cannot start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DenominationGrid</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="99"/>
        <source>Pieces of {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="111"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="18"/>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="29"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="44"/>
        <source>Press Esc or F1 to close.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="36"/>
        <source>Taken at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="40"/>
        <source>Receipt no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="41"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="43"/>
        <source>Tenders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="46"/>
        <source>Printed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="47"/>
        <source>Head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="48"/>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="54"/>
        <source>NOT PRINTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="56"/>
        <source>yes, {n} reprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="57"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="61"/>
        <source>void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="63"/>
        <source>not yet (provisional)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstrumentTender</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="24"/>
        <source>Cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="25"/>
        <source>Demand draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="26"/>
        <source>Postal order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="27"/>
        <source>Bank transfer (NEFT/RTGS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="32"/>
        <source>&amp;UTR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="32"/>
        <source>&amp;Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="34"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="35"/>
        <source>DD/MM/YYYY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="36"/>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="37"/>
        <source>Branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="38"/>
        <source>IFSC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="41"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="43"/>
        <source>Dat&amp;e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="47"/>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="52"/>
        <source>&amp;Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="48"/>
        <source>B&amp;ranch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_instrument.py" line="49"/>
        <source>&amp;IFSC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="60"/>
        <source>Operator login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="64"/>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="152"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="67"/>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="69"/>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="238"/>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="71"/>
        <source>Login message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="75"/>
        <source>Locked by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="78"/>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="80"/>
        <source>Log the locked operator out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="91"/>
        <source>ebill counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="93"/>
        <source>Log in to start taking payments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="101"/>
        <source>&amp;Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="102"/>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="146"/>
        <source>Demo mode: log in with one of these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="152"/>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="152"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="152"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="188"/>
        <source>Locked by {name} — type your password to unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="196"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="222"/>
        <source>{name} was logged out. Log in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="253"/>
        <source>Type your operator login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="257"/>
        <source>Type your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="263"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="300"/>
        <source>Could not check the login: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LookupView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="69"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="71"/>
        <source>Account, meter, mobile or bill number, name or address; or scan the bill.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="74"/>
        <source>Account no., meter no., mobile, bill no., name or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="79"/>
        <source>Search result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="84"/>
        <source>Accounts found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="99"/>
        <source>&amp;Find a consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="258"/>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="204"/>
        <source>That cannot be searched for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="208"/>
        <source>No consumer matches “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="213"/>
        <source>More than {count} consumers match. Type more of the name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="218"/>
        <source>Bill bar code read: opening the consumer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="220"/>
        <source>Found by {key}: opening the consumer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="221"/>
        <source>One consumer found: opening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="222"/>
        <source>{count} consumers found. Up and Down choose one, Enter opens it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="228"/>
        <source>account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="229"/>
        <source>legacy account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="230"/>
        <source>meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="231"/>
        <source>mobile number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="232"/>
        <source>bill number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="239"/>
        <source>The search could not be done: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="245"/>
        <source>Type an account, meter, mobile or bill number, or part of a name or address, then press Enter. Or scan the bar code on the bill.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="67"/>
        <source>ebill counter · {terminal}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="69"/>
        <source>ebill counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="86"/>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="87"/>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="88"/>
        <source>Data as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="92"/>
        <source>Terminal {terminal} · Office {office}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="120"/>
        <source>Shift: open, drop, pay-out, X report, close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="160"/>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="160"/>
        <source>Show or hide this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="161"/>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="161"/>
        <source>Search; open the chosen consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="162"/>
        <source>Up / Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="162"/>
        <source>Choose a consumer in the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="163"/>
        <source>Page Up / Page Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="163"/>
        <source>Move ten results at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="164"/>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="164"/>
        <source>Back to the search; clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="165"/>
        <source>F2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="165"/>
        <source>New search, from any view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="166"/>
        <source>F4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="166"/>
        <source>The chosen bill in full (consumer view)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="167"/>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="167"/>
        <source>Log out now (idle: the counter locks for you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="168"/>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="168"/>
        <source>Receipt printer set-up (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="169"/>
        <source>F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="169"/>
        <source>Sync with head office now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="170"/>
        <source>F6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="170"/>
        <source>Payments head office could not take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="171"/>
        <source>Ctrl+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="171"/>
        <source>Receipt: void the payment (a supervisor approves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="172"/>
        <source>Ctrl+B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="172"/>
        <source>Receipt: its cheque bounced (supervisors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="303"/>
        <source>Locked: {name} ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="310"/>
        <source>Locked after {minutes} minutes without use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="174"/>
        <source>Scan a bill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="175"/>
        <source>Open the consumer of the scanned bill, from any view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="177"/>
        <source>Alt+O / Alt+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="177"/>
        <source>Operator and password fields at log-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="203"/>
        <source>The settings cannot be changed from this counter window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="222"/>
        <source>Printer settings saved; they apply at the next start of the counter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="282"/>
        <source>Log in before scanning a bill.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="290"/>
        <source>The counter is locked. Log in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="366"/>
        <source>Not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="369"/>
        <source>{name} ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="376"/>
        <source>Data as of: never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="379"/>
        <source>Data as of {moment}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetersModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="16"/>
        <source>Meter no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="17"/>
        <source>Registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="18"/>
        <source>Multiplying factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="19"/>
        <source>Digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="20"/>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="21"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenBillsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="18"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="19"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="20"/>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="21"/>
        <source>Cheque by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="22"/>
        <source>Arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="23"/>
        <source>By due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="24"/>
        <source>After due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="25"/>
        <source>Still due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="190"/>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="195"/>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="193"/>
        <source>Count the float in the drawer, note by note.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="76"/>
        <source>Reset a password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="78"/>
        <source>Change your password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="94"/>
        <source>Set a new password for an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="96"/>
        <source>Choose a new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="100"/>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="126"/>
        <source>Set by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="104"/>
        <source>Operator login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="107"/>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="109"/>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="111"/>
        <source>New password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="113"/>
        <source>Password rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="114"/>
        <source>Password message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="117"/>
        <source>Set password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="129"/>
        <source>&amp;Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="133"/>
        <source>&amp;Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="136"/>
        <source>&amp;New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="138"/>
        <source>&amp;Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="163"/>
        <source>At least {minimum} characters ({typed} typed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="178"/>
        <source>Type the login of the operator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="181"/>
        <source>Type your current password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="185"/>
        <source>A password has at least {minimum} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="193"/>
        <source>The two new passwords differ; type it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="205"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/password_dialog.py" line="221"/>
        <source>Could not set the password: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentFlow</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="88"/>
        <source>Take a payment (consumer or bill view)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="89"/>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="89"/>
        <source>In the payment view: take the payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="90"/>
        <source>Ctrl+H/Q/D/K/U/T/O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="90"/>
        <source>Add cash, cheque, draft, card, UPI ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="91"/>
        <source>Alt+1..4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="91"/>
        <source>Cash handed over: +100, +200, +500, +2000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="92"/>
        <source>Ctrl+P / Ctrl+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="92"/>
        <source>Receipt: print again (DUPLICATE) / save as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="93"/>
        <source>The consumer&apos;s payments at this counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="185"/>
        <source>Printer: checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="187"/>
        <source>Printer: none set up. Receipts will be saved unprinted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="190"/>
        <source>Printer: {problem}. The payment can be taken; reprint later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="191"/>
        <source>not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="195"/>
        <source>Printer: {problem}. Fix it before taking cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_flow.py" line="200"/>
        <source>Printer: ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentHistoryView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="78"/>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="79"/>
        <source>Payment history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="81"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="85"/>
        <source>Payments at this counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="96"/>
        <source>Enter: show the receipt   ·   Ctrl+P: reprint it (DUPLICATE; from the second reprint a supervisor approves)   ·   Esc: back to the consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="111"/>
        <source>Payments of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="112"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="125"/>
        <source>{n} payments taken at this counter for account {account}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="132"/>
        <source>No payments taken at this counter for account {account}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_history.py" line="141"/>
        <source>Error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="107"/>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="115"/>
        <source>Consumer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="117"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="118"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="200"/>
        <source>Owed today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="121"/>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="125"/>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="127"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="134"/>
        <source>Bills to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="144"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="241"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="551"/>
        <source>Amount to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="149"/>
        <source>What this category may pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="156"/>
        <source>Card and UPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="164"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="214"/>
        <source>Where the money goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="170"/>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="173"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="351"/>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="653"/>
        <source>Take payment  (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="175"/>
        <source>Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="182"/>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="183"/>
        <source>Cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="184"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="185"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="186"/>
        <source>UPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="187"/>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="188"/>
        <source>Postal order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="208"/>
        <source>Bills (Space: pay it or not)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="209"/>
        <source>Amount and tenders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="225"/>
        <source>Enter: take payment   ·   Esc: back without taking it   ·   F1: all shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="256"/>
        <source>Add a {tender} tender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="281"/>
        <source>Owed (chosen bills)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="282"/>
        <source>Paying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="283"/>
        <source>Advance (credit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="284"/>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="285"/>
        <source>Still to tender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="286"/>
        <source>Change to give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="327"/>
        <source>Opening a payment for {account}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="358"/>
        <source>Account {account} · {category} · mobile {mobile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="378"/>
        <source>Exactly the amount due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="379"/>
        <source>The amount due or more (advance allowed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="380"/>
        <source>Part payment allowed, no advance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="381"/>
        <source>Part payment or advance allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="401"/>
        <source>Card or UPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="405"/>
        <source>Card and UPI: no payment terminal is linked to this counter. Take cash, cheque, demand draft, bank transfer or postal order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="423"/>
        <source>OFFLINE: the receipt will say PROVISIONAL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="430"/>
        <source>Up to {room} more may be taken offline; at most {per} per payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="442"/>
        <source>No payment can be taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="608"/>
        <source>Error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="630"/>
        <source>Saving the payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="644"/>
        <source>Payment taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/payment_view.py" line="660"/>
        <source>The payment was not confirmed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostingsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="17"/>
        <source>Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="18"/>
        <source>Kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="19"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="23"/>
        <source>Paid at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="27"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="28"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="29"/>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="30"/>
        <source>Receipt no.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSetupDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="114"/>
        <source>Receipt printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="134"/>
        <source>80 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="135"/>
        <source>58 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="139"/>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="163"/>
        <source>Printer address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="140"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="143"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="146"/>
        <source>Saved changes apply at the next start of the counter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="148"/>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="149"/>
        <source>Print test page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="155"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="156"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="157"/>
        <source>Baud rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="158"/>
        <source>Paper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="159"/>
        <source>Code page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="236"/>
        <source>Printing the test page on %1 ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="248"/>
        <source>Test page printed. Printer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="250"/>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="254"/>
        <source>Test page NOT printed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/printer_setup.py" line="288"/>
        <source>The settings could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="92"/>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="94"/>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="96"/>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="99"/>
        <source>Change to give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="101"/>
        <source>Print state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="105"/>
        <source>Receipt text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="112"/>
        <source>Print the receipt again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="115"/>
        <source>Save as PDF  (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="117"/>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="507"/>
        <source>Save the receipt as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="120"/>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="122"/>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="124"/>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="126"/>
        <source>Print the VOID slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="130"/>
        <source>Cheque bounced…  (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="132"/>
        <source>Record that a cheque bounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="136"/>
        <source>Cheque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="179"/>
        <source>Scan the next bill for the next customer   ·   Esc: back to the consumer   ·   Ctrl+D: void   ·   F1: all shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="220"/>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="329"/>
        <source>Receipt {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="225"/>
        <source>Give change: {change}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="234"/>
        <source>Printing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="237"/>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="275"/>
        <source>Printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="239"/>
        <source>Never printed. Ctrl+P prints it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="244"/>
        <source>provisional until head office confirms it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="246"/>
        <source>confirmed by head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="248"/>
        <source>{amount} paid for account {account}, {name}: {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="263"/>
        <source>Print again  (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="263"/>
        <source>Reprint DUPLICATE  (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="280"/>
        <source>NOT PRINTED: {reason}. The payment is saved. Fix the printer, then Ctrl+P.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="281"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="300"/>
        <source>Reprinting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="320"/>
        <source>Not reprinted: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="328"/>
        <source>Waiting for a supervisor: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="349"/>
        <source>Not reprinted: no supervisor approved it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="357"/>
        <source>VOID: this payment was voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="380"/>
        <source>Receipt {number} is void already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="385"/>
        <source>Payments cannot be voided from this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="408"/>
        <source>Voided. Loading the VOID slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="419"/>
        <source>VOID: this payment was voided. Print the VOID slip for the records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="426"/>
        <source>Voided, but the VOID slip: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="433"/>
        <source>Printing the VOID slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="466"/>
        <source>Receipt {number} was paid with no cheque.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="468"/>
        <source>Receipt {number} is void: nothing to report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="472"/>
        <source>Only a supervisor or an administrator can record a bounced cheque; ask one to log in at this counter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="476"/>
        <source>Bounced cheques cannot be recorded from this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="488"/>
        <source>Cheque {number} recorded as bounced (NSF); head office is told at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="507"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="517"/>
        <source>Saving the PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="527"/>
        <source>Saved as {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/receipt_view.py" line="532"/>
        <source>The PDF was not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentBillsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="18"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="19"/>
        <source>Part paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="20"/>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="28"/>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="21"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="24"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="25"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="26"/>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="27"/>
        <source>Payable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="30"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegistersModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="95"/>
        <source>Actual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="96"/>
        <source>Estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="97"/>
        <source>Defective meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="98"/>
        <source>Door locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="101"/>
        <source>Meter no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="102"/>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="103"/>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="104"/>
        <source>Present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="105"/>
        <source>MF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="106"/>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/bill_view.py" line="107"/>
        <source>Reading</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftMenu</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="537"/>
        <source>Shift: open, drop, pay-out, X report, close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="538"/>
        <source>Shift: open, drop, pay-out, X report, close; daily collection report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="552"/>
        <source>Open shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="555"/>
        <source>Cash drop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="558"/>
        <source>Pay-out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="561"/>
        <source>No-sale (open drawer)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="563"/>
        <source>X report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="564"/>
        <source>Close shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="568"/>
        <source>Daily collection report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="665"/>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftReportView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="67"/>
        <source>{kind} report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="76"/>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="80"/>
        <source>Save PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="83"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="108"/>
        <source>Printing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="112"/>
        <source>Printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="113"/>
        <source>Not printed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="122"/>
        <source>Save PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="135"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="139"/>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_report_view.py" line="140"/>
        <source>Not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="166"/>
        <source>Head office link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="167"/>
        <source>Waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="168"/>
        <source>Offline limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="175"/>
        <source>Receiving data from head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="240"/>
        <source>Sync: not enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="242"/>
        <source>Sync: another ebill is syncing this folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="244"/>
        <source>Sync stopped: keyring unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="246"/>
        <source>Sync refused by head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="248"/>
        <source>Offline too long · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="250"/>
        <source>syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="253"/>
        <source>Online · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="255"/>
        <source>Offline · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="256"/>
        <source>Connecting… · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="260"/>
        <source>never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="261"/>
        <source>synced {moment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="267"/>
        <source>Never synced with head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="269"/>
        <source>Last good sync: {moment}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="284"/>
        <source>Nothing to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="286"/>
        <source>{count} to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="289"/>
        <source>{count} · oldest {age}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="293"/>
        <source>{count} need attention ({key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="311"/>
        <source>Limits {hours} h · {total} · {each} each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="324"/>
        <source>Offline, this counter may go at most {hours} hours since the last sync, take at most {total} in total and at most {each} per payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="339"/>
        <source>First sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="339"/>
        <source>Catching up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/sync_status.py" line="340"/>
        <source>{what}: {done} changes received</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenderWidget</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_base.py" line="84"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_base.py" line="88"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/tender_base.py" line="107"/>
        <source>Remove the {tender} tender</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VirtualPrinterView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/virtual_printer_view.py" line="42"/>
        <source>Virtual printer · {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/virtual_printer_view.py" line="47"/>
        <source>Receipts sent to the virtual printer (nothing goes to paper).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/virtual_printer_view.py" line="55"/>
        <source>Printed receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/virtual_printer_view.py" line="83"/>
        <source>Nothing printed yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="73"/>
        <source>Void a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="83"/>
        <source>Void this payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="85"/>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="117"/>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="87"/>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="118"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="90"/>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="119"/>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="96"/>
        <source>Reason for the void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="97"/>
        <source>Choose a reason…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="102"/>
        <source>Note (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="104"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="109"/>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="120"/>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="121"/>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="147"/>
        <source>Choose the reason for the void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="154"/>
        <source>No supervisor can approve a void at this counter window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="156"/>
        <source>Waiting for a supervisor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="158"/>
        <source>Receipt {number}, {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="173"/>
        <source>Not voided: no supervisor approved it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="183"/>
        <source>Voiding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/void_dialog.py" line="200"/>
        <source>Not voided: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ServiceDialog</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="164"/>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_SupervisorFields</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="140"/>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/shift_dialogs.py" line="141"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
