using KaPlatform.Workspace.Tests;

[assembly: AssemblyFixture(typeof(WorkspaceFixture))]
