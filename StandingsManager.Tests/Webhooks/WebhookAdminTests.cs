using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Webhooks;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Webhooks;

public sealed class WebhookAdminTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    [Fact]
    public async Task Registering_stores_the_secret_encrypted_and_shows_it_once_and_each_change_is_audited()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();

        var created = await rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, rig.Receiver.Url.ToString(), Ct);

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var stored = await rig.WebhookAsync(created.Id);
        Assert.DoesNotContain(created.Secret, stored.EncryptedSecret, StringComparison.Ordinal);
        Assert.Equal((rig.Receiver.Url.ToString(), true, "Erin Admin", CoreTestDatabase.Start), (stored.Url, stored.Enabled, stored.CreatedByName, stored.CreatedAt));
        var row = Assert.Single(await rig.Admin.ListAsync(cast.Erin, Ct));
        Assert.Equal((created.Id, "up"), (row.Id, row.Behind == 0 ? "up" : "behind"));
        Assert.DoesNotContain(created.Secret, row.ToString(), StringComparison.Ordinal);

        await rig.Admin.EditAsync(cast.Erin, created.Id, stored.Version, rig.Receiver.Url.ToString(), enabled: false, Ct);
        Assert.False((await rig.WebhookAsync(created.Id)).Enabled);
        await rig.Admin.DeleteAsync(cast.Erin, created.Id, (await rig.WebhookAsync(created.Id)).Version, Ct);
        Assert.Empty(await rig.Admin.ListAsync(cast.Erin, Ct));

        await using var db = rig.Database.CreateDbContext();
        var audit = await db.Audit.AsNoTracking().Where(a => a.Action >= AuditAction.WebhookCreated).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal([AuditAction.WebhookCreated, AuditAction.WebhookEdited, AuditAction.WebhookDeleted], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((StandingsList.FirstListId, "Erin Admin"), (a.ListId, a.ActorName)));
        Assert.Equal($"Webhook {created.Id}: disabled.", audit[1].Details);
    }

    [Fact]
    public async Task Only_administrators_manage_webhooks()
    {
        await using var rig = await WebhookRig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        var created = await rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, rig.Receiver.Url.ToString(), Ct);

        foreach (var who in new[] { cast.Alice, cast.Carol, cast.Gina })
        {
            await rig.Database.RefusedAsync(WorkflowError.Forbidden, () => rig.Admin.CreateAsync(who, StandingsList.FirstListId, rig.Receiver.Url.ToString(), Ct));
            await rig.Database.RefusedAsync(WorkflowError.Forbidden, () => rig.Admin.ListAsync(who, Ct));
            await rig.Database.RefusedAsync(WorkflowError.Forbidden, () => rig.Admin.EditAsync(who, created.Id, 0, rig.Receiver.Url.ToString(), false, Ct));
            await rig.Database.RefusedAsync(WorkflowError.Forbidden, () => rig.Admin.DeleteAsync(who, created.Id, 0, Ct));
        }
        Assert.True((await rig.WebhookAsync(created.Id)).Enabled);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1")]
    [InlineData("https://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://172.20.0.5/hook", "172.20.0.5")]
    [InlineData("https://192.168.1.10/hook", "192.168.1.10")]
    [InlineData("https://169.254.169.254/latest", "169.254.169.254")]
    [InlineData("https://[::1]/hook", "::1")]
    [InlineData("https://[fd00::5]/hook", "fd00::5")]
    [InlineData("https://[fe80::1]/hook", "fe80::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    [InlineData("https://localhost/hook", "127.0.0.1")]
    public async Task Addresses_that_are_not_public_are_refused_at_registration(string url, string address)
    {
        await using var rig = await WebhookRig.CreateAsync(allowNonPublic: false);
        var cast = await rig.Database.SeedCastAsync();

        var refused = await rig.Database.RefusedAsync(WorkflowError.Invalid, () => rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, url, Ct));

        Assert.Contains("which is not a public internet address", refused.Message, StringComparison.Ordinal);
        if (url.Contains("localhost", StringComparison.Ordinal))
            Assert.StartsWith("localhost resolves to ", refused.Message, StringComparison.Ordinal);
        else
            Assert.Contains(address, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Enter the webhook's URL (https://…).")]
    [InlineData("hooks.example.org/x", "That is not a web address: enter the receiver's full URL, starting with https://.")]
    [InlineData("ftp://hooks.example.org/x", "That is not a web address: enter the receiver's full URL, starting with https://.")]
    [InlineData("http://93.184.215.14/x", "The URL must start with https:// (events are signed, not hidden: only TLS keeps them private on the way).")]
    [InlineData("https://user:pw@93.184.215.14/x", "Leave the user name and password out of the URL: the receiver checks the signature instead.")]
    public async Task A_url_that_is_not_https_is_refused_with_what_to_fix(string url, string message)
    {
        await using var rig = await WebhookRig.CreateAsync(allowNonPublic: false);
        var cast = await rig.Database.SeedCastAsync();

        var refused = await rig.Database.RefusedAsync(WorkflowError.Invalid, () => rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, url, Ct));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task A_public_address_is_accepted_without_the_setting()
    {
        await using var rig = await WebhookRig.CreateAsync(allowNonPublic: false);
        var cast = await rig.Database.SeedCastAsync();

        var created = await rig.Admin.CreateAsync(cast.Erin, StandingsList.FirstListId, "https://93.184.215.14/hooks", Ct);

        Assert.Equal("https://93.184.215.14/hooks", (await rig.WebhookAsync(created.Id)).Url);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("127.0.0.53", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.0.2.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("fc00::1", false)]
    [InlineData("febf::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:192.168.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    [InlineData("2002:0808:0808::1", true)]
    public void Which_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void A_change_log_retention_out_of_range_is_refused(int days) =>
        Assert.Equal($"Webhooks:ChangeLogRetentionDays must be between 1 and 3650 (ten years); it is {days}.",
            Assert.Single(new WebhooksOptionsValidator().Validate(null, new WebhooksOptions { ChangeLogRetentionDays = days }).Failures!));
}
